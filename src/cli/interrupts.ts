// The signals that end a `pack build` (SIGINT, SIGTERM, SIGHUP) -> one AbortSignal for the run.
// The first cancels (the running step sees it, cleanups run); the second only says that
// cleanups are still running, so a second Ctrl-C cannot cut a cleanup short; a third quits at
// once, for a cleanup that hangs, and lists what it leaves behind. Only a person's repeated
// requests count towards that third: a hangup is one event however often it is delivered (the
// terminal and the shell in it each send SIGHUP), and what follows from one (stdout closing, a
// log that cannot be written) cancels without counting. Only the command that owns the process
// handles signals and exits: the core sees the AbortSignal alone.
import type { EventBus } from '../core/bus.js';
import { leftoverList } from '../core/leftovers.js';

export interface Interrupts {
  signal: AbortSignal;
  /** True once SIGHUP came: the terminal is gone. */
  readonly hungUp: boolean;
  /** Cancels the run without counting towards a force-quit (a closed stdout, a log that cannot be written). */
  cancel(reason: string): void;
  /** A person's request to stop, as Ctrl-C is (the dashboard's cancel key): repeated, it escalates. */
  interrupt(reason: string): void;
  dispose(): void;
}

export interface InterruptOptions {
  /** Ends the process on a force-quit (tests replace it). Default: process.exit. */
  exit?(code: number): void;
  /** Where the force-quit's list goes (the terminal may be held by the dashboard). Default: stderr. */
  report?(text: string): void;
}

const SIGNAL_REASONS = { SIGINT: 'interrupt', SIGTERM: 'terminated', SIGHUP: 'hangup' } as const;

export function handleInterrupts(bus: EventBus, opts: InterruptOptions = {}): Interrupts {
  const controller = new AbortController();
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const report = opts.report ?? ((text: string) => void process.stderr.write(text));
  // A person's requests to stop so far: 1 cancels, 2 warns, 3 quits.
  let count = 0;
  let hungUp = false;
  const startCancel = (reason: string) => {
    bus.emit({ type: 'log', level: 'error', text: `Cancelling build after receiving ${reason}` });
    controller.abort();
  };
  const cancel = (reason: string) => {
    if (!controller.signal.aborted) startCancel(reason);
  };
  const interrupt = (reason: string) => {
    // A run cancelled by something else (a closed stdout) counts as the first request.
    count = Math.max(count, controller.signal.aborted ? 1 : 0) + 1;
    if (count === 1) {
      startCancel(reason);
    } else if (count === 2) {
      bus.emit({
        type: 'log',
        level: 'error',
        text: 'Still cleaning up; please wait for the cleanups to finish (a third interrupt quits without them).',
      });
    } else {
      // The escape hatch for a cleanup that hangs: say what is left so the user can remove it.
      const left = leftoverList((t) => bus.redactor.redact(t));
      const text = left ? `Quitting now without the remaining cleanups. Left behind:\n${left}` : 'Quitting now: some cleanups may not have run.\n';
      bus.emit({ type: 'log', level: 'error', text: text.trimEnd() });
      report(text);
      exit(130);
    }
  };
  const handlers = Object.entries(SIGNAL_REASONS).map(([sig, reason]) => {
    const fn = () => {
      if (sig === 'SIGHUP') {
        if (hungUp) return;
        hungUp = true;
      }
      interrupt(reason);
    };
    process.on(sig, fn);
    return [sig, fn] as const;
  });
  return {
    signal: controller.signal,
    get hungUp() {
      return hungUp;
    },
    cancel,
    interrupt,
    dispose() {
      for (const [sig, fn] of handlers) process.off(sig, fn);
    },
  };
}
