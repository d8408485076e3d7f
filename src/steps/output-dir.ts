// Output folder: created empty for the build (with -force, an old one is deleted first), and
// deleted again when the build fails, unless -on-error=abort. Builders put this step after the
// steps that check their inputs (the ISO), so nothing is deleted before the inputs are known to be
// there, and call checkOutputDir when the build is created, as Packer's prepare does.
// Reads: STEP_KEYS.outputKept (cleanup). Writes: STEP_KEYS.outputDir.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import type { BuildContext } from '../core/components.js';
import { assertSafeToRemove, removeOutputFolder, unsafeRemovalReason } from '../core/safe-remove.js';
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

/**
 * What Packer checks before a build starts: an existing output folder needs -force, and -force
 * may never delete the working folder, the template's folder, a parent of either, or `/`.
 */
export function checkOutputDir(o: Omit<OutputDirOptions, 'idPrefix'>, ctx: Pick<BuildContext, 'force' | 'templateDir'>): void {
  const field = o.field ?? 'output_directory';
  const dir = resolve(o.dir);
  if (!existsSync(dir)) return;
  if (!ctx.force) throw new UserError(existingOutputDir(o.dir, field)!);
  assertSafeToRemove(dir, field, ctx.templateDir);
}

/** Packer's prepare without -force (and so `packer validate`, always): an output folder that exists is refused. */
export function existingOutputDir(dir: string, field = 'output_directory'): string | undefined {
  if (!existsSync(resolve(dir))) return undefined;
  return `${field}: ${dir} already exists: remove it, choose another, or build with -force`;
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
        checkOutputDir(o, ctx);
        ctx.ui.say(`Deleting previous output directory ${o.dir}...`);
        await removeOutputFolder(dir, field, ctx.templateDir);
      }
      mkdirSync(dir, { recursive: true });
      setState(state, STEP_KEYS.outputDir, dir);
      return 'continue';
    },
    async cleanup(state, ctx) {
      const dir = getState(state, STEP_KEYS.outputDir);
      if (!dir || getState(state, STEP_KEYS.outputKept) === true || ctx.onError === 'abort') return;
      if (unsafeRemovalReason(dir, ctx.templateDir)) return;
      ctx.ui.say(`Deleting output directory ${o.dir}...`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
