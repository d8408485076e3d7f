// Answers the run's questions (-on-error=ask, -debug, breakpoint) from lines typed on the
// terminal, in the order the questions came.
import { createInterface, type Interface } from 'node:readline';
import type { EventBus } from '../core/bus.js';
import type { PackEvent } from '../core/events.js';

export function terminalAnswerer(bus: EventBus, input: NodeJS.ReadableStream, write: (text: string) => void): () => void {
  const pending: Extract<PackEvent, { type: 'question' }>[] = [];
  let rl: Interface | undefined;
  const unregister = bus.registerAnswerer();
  const onLine = (raw: string) => {
    const q = pending[0];
    if (!q) return;
    const text = raw.trim().toLowerCase();
    const choice = text === '' ? q.choices[0] : q.choices.find((c) => c.key.toLowerCase() === text);
    if (!choice) {
      write(`Please answer ${q.choices.map((c) => c.key).join(', ')}.\n`);
      return;
    }
    pending.shift();
    bus.answer(q.id, choice.key);
    if (pending.length === 0) rl?.pause();
  };
  const unsubscribe = bus.subscribe((e) => {
    if (e.type === 'question') {
      pending.push(e);
      if (!rl) {
        rl = createInterface({ input, terminal: false });
        rl.on('line', onLine);
      }
      rl.resume();
    } else if (e.type === 'question-answered') {
      const i = pending.findIndex((q) => q.id === e.id);
      if (i >= 0) pending.splice(i, 1);
    }
  });
  return () => {
    unsubscribe();
    unregister();
    rl?.close();
  };
}
