// Shutdown: runs shutdown_command over the communicator and waits (up to shutdown_timeout) for
// the machine to stop by itself; without a command, stops it (communicator none: waits for it).
// Reads: STATE.communicator, the builder's machine. Writes: nothing.
import { STATE, getState, type StateBag, type Step } from '../core/components.js';
import { UserError } from '../errors.js';
import { goDuration } from '../util/duration.js';

/** What shutdown needs of a running machine (a QEMU process, a VM...). */
export interface StoppableMachine {
  /** Settles when the machine has stopped. */
  readonly exited: Promise<unknown>;
  /** True when it stopped within timeoutMs. */
  waitForExit(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /** Stops it now (losing unsynced writes). */
  stop(): Promise<void>;
}

export interface ShutdownOptions {
  command?: string;
  timeoutMs: number;
  machine(state: StateBag): StoppableMachine;
  idPrefix: string;
}

export function shutdownStep(o: ShutdownOptions): Step {
  return {
    id: `${o.idPrefix}:shutdown`,
    title: 'Shut the machine down',
    kind: 'builder',
    async run(state, ctx) {
      const machine = o.machine(state);
      const comm = getState(state, STATE.communicator);
      if (comm && !o.command) {
        ctx.ui.say('Halting the virtual machine (no shutdown_command: unsynced writes may be lost)...');
        await machine.stop();
        return 'continue';
      }
      if (comm && o.command) {
        ctx.ui.say('Gracefully halting virtual machine...');
        // The connection drops as the machine goes down: that is the expected end of the command.
        const ran = comm.run({ command: o.command, signal: ctx.signal }).catch(() => undefined);
        await Promise.race([ran, machine.exited]);
      } else {
        ctx.ui.say('Waiting for shutdown...');
      }
      if (!(await machine.waitForExit(o.timeoutMs, ctx.signal))) {
        ctx.signal.throwIfAborted();
        const what = o.command ? `after shutdown_command "${o.command}"` : 'by itself (communicator none)';
        throw new UserError(`the machine did not stop within shutdown_timeout (${goDuration(o.timeoutMs)}) ${what}; it was stopped and the disk discarded`);
      }
      return 'continue';
    },
  };
}
