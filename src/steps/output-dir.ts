// Output folder: created empty for the build (with -force, an old one is deleted first), and
// deleted again when the build fails, unless -on-error=abort.
// Reads: STEP_KEYS.outputKept (cleanup). Writes: STEP_KEYS.outputDir.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { getState, setState, type Step } from '../core/components.js';
import { UserError } from '../errors.js';
import { STEP_KEYS } from './keys.js';

export interface OutputDirOptions {
  /** As the template wrote it (relative to the working folder, as Packer does). */
  dir: string;
  /** The field that names it, for messages. */
  field?: string;
  idPrefix: string;
}

export function outputDirStep(o: OutputDirOptions): Step {
  const field = o.field ?? 'output_directory';
  return {
    id: `${o.idPrefix}:output-directory`,
    title: 'Create the output directory',
    kind: 'builder',
    async run(state, ctx) {
      const dir = resolve(o.dir);
      if (existsSync(dir)) {
        if (!ctx.force) throw new UserError(`${field}: ${o.dir} already exists: remove it, choose another, or build with -force`);
        ctx.ui.say(`Deleting previous output directory ${o.dir}...`);
        rmSync(dir, { recursive: true, force: true });
      }
      mkdirSync(dir, { recursive: true });
      setState(state, STEP_KEYS.outputDir, dir);
      return 'continue';
    },
    async cleanup(state, ctx) {
      const dir = getState(state, STEP_KEYS.outputDir);
      if (!dir || getState(state, STEP_KEYS.outputKept) === true || ctx.onError === 'abort') return;
      ctx.ui.say(`Deleting output directory ${o.dir}...`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
