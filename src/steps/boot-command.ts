// Boot command: waits boot_wait, then types boot_command (rendered with the builder's template
// data: {{.HTTPIP}}, {{.HTTPPort}}...) through the builder's keyboard.
// Reads: whatever `data` reads (STATE.http for HTTPIP/HTTPPort). Writes: nothing.
import type { BuildContext, StateBag, Step } from '../core/components.js';
import { goDuration } from '../util/duration.js';
import { sleep } from '../util/sleep.js';

export interface BootCommandOptions {
  waitMs: number;
  command: string;
  data(state: StateBag): Record<string, unknown>;
  /** The builder's keyboard: types the rendered command (QMP key events for qemu, VNC elsewhere). */
  type(rendered: string, state: StateBag, ctx: BuildContext): Promise<void>;
  idPrefix: string;
  /** Why nothing is to be typed this time (a machine resumed from the build cache), or undefined. */
  skip?(state: StateBag): string | undefined;
}

export function bootCommandStep(o: BootCommandOptions): Step {
  return {
    id: `${o.idPrefix}:boot-command`,
    title: 'Type the boot command',
    kind: 'builder',
    async run(state, ctx) {
      const skip = o.skip?.(state);
      if (skip) {
        ctx.ui.say(skip);
        return 'continue';
      }
      if (o.waitMs > 0) {
        ctx.ui.say(`Waiting ${goDuration(o.waitMs)} for boot...`);
        await sleep(o.waitMs, ctx.signal);
      }
      if (!o.command) return 'continue';
      const rendered = ctx.render(o.command, o.data(state));
      ctx.ui.say('Typing the boot command...');
      await o.type(rendered, state, ctx);
      return 'continue';
    },
  };
}
