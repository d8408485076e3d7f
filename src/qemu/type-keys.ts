// Types parsed boot_command actions into the machine through QMP input-send-event.
import type { KeyAction } from './boot-command.js';
import type { QmpChannel } from './driver.js';
import { sleep } from '../util/sleep.js';

export interface TypeOptions {
  /** Pause after each key press. */
  keyIntervalMs: number;
  signal?: AbortSignal;
  /** Called before each group of actions that is not a wait, for the log. */
  onWait?(ms: number): void;
}

function keyEvent(qcode: string, down: boolean) {
  return { type: 'key', data: { down, key: { type: 'qcode', data: qcode } } };
}

export async function typeKeys(qmp: QmpChannel, actions: KeyAction[], opts: TypeOptions): Promise<void> {
  for (const a of actions) {
    opts.signal?.throwIfAborted();
    if (a.kind === 'wait') {
      opts.onWait?.(a.ms);
      await sleep(a.ms, opts.signal);
      continue;
    }
    if (a.kind === 'press') {
      const events = a.shift
        ? [keyEvent('shift', true), keyEvent(a.qcode, true), keyEvent(a.qcode, false), keyEvent('shift', false)]
        : [keyEvent(a.qcode, true), keyEvent(a.qcode, false)];
      await qmp.execute('input-send-event', { events });
    } else {
      await qmp.execute('input-send-event', { events: [keyEvent(a.qcode, a.kind === 'down')] });
    }
    if (opts.keyIntervalMs > 0) await sleep(opts.keyIntervalMs, opts.signal);
  }
}
