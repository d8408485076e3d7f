// Turns a transfer's byte counts into ui progress events: at most ten a second, and always the last one.
import type { BuildUi } from './components.js';

let nextId = 1;

export function progressReporter(ui: BuildUi, label: string): { onProgress(bytes: number, total: number | undefined): void; done(): void } {
  const id = `transfer-${nextId++}`;
  let last = 0;
  let bytes = 0;
  let total: number | undefined;
  return {
    onProgress(b, t) {
      bytes = b;
      total = t;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      ui.progress({ id, label, bytes, total });
    },
    done() {
      ui.progress({ id, label, bytes: total ?? bytes, total: total ?? bytes, done: true });
    },
  };
}
