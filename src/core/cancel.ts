// SIGINT/SIGTERM -> one AbortSignal for the run. The first signal cancels (the running step
// sees it, cleanups run); the second only says that cleanups are still running, so a second
// Ctrl-C cannot cut a cleanup short; a third quits at once, for a cleanup that hangs.
import type { EventBus } from './bus.js';

export interface Interrupts {
  signal: AbortSignal;
  /** Cancels as a signal would (the dashboard's cancel key). */
  cancel(reason: string): void;
  dispose(): void;
}

export function handleInterrupts(bus: EventBus): Interrupts {
  const controller = new AbortController();
  let count = 0;
  const cancel = (reason: string) => {
    count++;
    if (count === 1) {
      bus.emit({ type: 'log', level: 'error', text: `Cancelling build after receiving ${reason}` });
      controller.abort();
    } else if (count === 2) {
      bus.emit({
        type: 'log',
        level: 'error',
        text: 'Still cleaning up; please wait for the cleanups to finish (a third interrupt quits without them).',
      });
    } else {
      // The escape hatch for a cleanup that hangs.
      bus.emit({ type: 'log', level: 'error', text: 'Quitting now: some cleanups may not have run.' });
      process.exit(130);
    }
  };
  const onSigint = () => cancel('interrupt');
  const onSigterm = () => cancel('terminated');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return {
    signal: controller.signal,
    cancel,
    dispose() {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}
