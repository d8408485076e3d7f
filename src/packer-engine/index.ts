// What `pack build` asks of the Packer engine: which selected builds Packer runs, a Packer to run
// them with (or one clear message when there is none), and a runner for each such build.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import type { BuildDef, Template } from '../template/model.js';
import type { OnErrorMode } from '../core/components.js';
import type { EventBus } from '../core/bus.js';
import type { BuildOutcome } from '../core/build.js';
import { componentsPackLacks, describeComponent, runsThroughPacker, type Engine } from './needs-packer.js';
import type { PackerBinary } from './locate.js';
import type { PackerRunContext } from './run-build.js';
import { splitSensitive } from './var-file.js';

export { ENGINES, type Engine } from './needs-packer.js';

/** What every Packer command pack runs needs: which Packer, which template, which variables. */
export interface PackerInvocation {
  engine: Engine;
  /** -packer=PATH. */
  packerFlag?: string;
  env: NodeJS.ProcessEnv;
  /** The template path as the user gave it. */
  templatePath: string;
  vars: [string, string][];
  varFiles: string[];
}

export interface PackerBuildsOptions extends PackerInvocation {
  onError: OnErrorMode;
  debug: boolean;
  force: boolean;
}

/** A build Packer runs; pack schedules it beside its own builds. */
export interface PackerBuild {
  def: BuildDef;
  run(bus: EventBus, signal: AbortSignal): Promise<BuildOutcome>;
}

export interface PackerPlan {
  native: BuildDef[];
  packer: PackerBuild[];
  /** Removes what the run wrote for Packer (a YAML template's JSON copy). */
  dispose(): Promise<void>;
}

/** Splits the selected builds by engine; throws the user's way forward when Packer is needed and missing. */
export async function planPackerBuilds(template: Template, selected: BuildDef[], opts: PackerBuildsOptions): Promise<PackerPlan> {
  const viaPacker = selected.filter((b) => runsThroughPacker(b, opts.engine));
  const native = selected.filter((b) => !viaPacker.includes(b));
  if (viaPacker.length === 0) return { native, packer: [], dispose: async () => {} };
  // Loaded only when a build runs through Packer: most runs need neither (nor node:child_process).
  const [{ locatePacker }, { runPackerBuild }] = await Promise.all([import('./locate.js'), import('./run-build.js')]);
  const packer = locatePacker(opts.packerFlag, opts.env);
  if (!packer) throw new UserError(noPackerMessage(viaPacker, opts.engine));
  if (opts.onError === 'ask') {
    throw new UserError(
      `-on-error=ask: ${names(viaPacker)} run${viaPacker.length === 1 ? 's' : ''} through Packer, which cannot ask while pack reads its machine-readable output. ` +
        'Use -on-error=abort to keep a failed machine for inspection, or -on-error=cleanup (the default).',
    );
  }
  let templatePath = opts.templatePath;
  let dispose = async () => {};
  if (template.format === 'yaml') {
    templatePath = await yamlAsPackerJson(opts.templatePath);
    const written = templatePath;
    dispose = () => rm(written, { force: true });
  }
  const { sensitive: sensitiveVars, plain: plainVars } = splitSensitive(template, opts.vars);
  const shared = { packer, templatePath, vars: plainVars, varFiles: opts.varFiles, sensitiveVars, onError: opts.onError, debug: opts.debug, force: opts.force };
  return {
    native,
    packer: viaPacker.map((def) => ({ def, run: (bus, signal) => runPackerBuild(def, { ...shared, bus, signal } satisfies PackerRunContext) })),
    dispose,
  };
}

const names = (builds: BuildDef[]) => builds.map((b) => `"${b.name}"`).join(', ');

export function noPackerMessage(builds: BuildDef[], engine: Engine): string {
  const lines = builds.map((b) => {
    const lacks = componentsPackLacks(b);
    const what = lacks.length > 0 ? lacks.map(describeComponent).join(', ') : 'every component (-engine=packer)';
    return `  build "${b.name}": ${what}`;
  });
  return [
    `Error: ${builds.length === 1 ? 'this build needs' : 'these builds need'} Packer, which pack did not find (on PATH, in PACKER_BIN or -packer=PATH):`,
    ...lines,
    engine === 'packer' ? '' : 'pack does not implement these components itself; Packer runs them and pack shows the build.',
    'Install Packer (https://developer.hashicorp.com/packer/install, or "apt-get install packer" on Debian) and put it on PATH,',
    `give its path with -packer=PATH or PACKER_BIN, or leave ${builds.length === 1 ? 'this build' : 'these builds'} out with -except=${builds.map((b) => b.name).join(',')}.`,
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Packer reads no YAML: the same template as JSON, beside the original so that {{template_dir}}
 * and relative paths stay as they were; removed when the run ends.
 */
async function yamlAsPackerJson(path: string): Promise<string> {
  const { parseDataText } = await import('../template/load-data.js');
  const raw = (await parseDataText(await readFile(path, 'utf8'), path, 'yaml')) as Record<string, unknown>;
  // Packer's JSON wants variable defaults as strings; YAML writes numbers and booleans bare.
  if (raw.variables && typeof raw.variables === 'object') {
    raw.variables = Object.fromEntries(
      Object.entries(raw.variables as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v]),
    );
  }
  const out = join(dirname(path), `.${basename(path)}.${process.pid}.packer.json`);
  await writeFile(out, JSON.stringify(raw, null, 2), { mode: 0o600 });
  return out;
}

export type { PackerBinary };
