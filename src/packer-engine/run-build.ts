// One build through Packer: `packer build -machine-readable -only=NAME` with the run's flags,
// its lines turned into pack's events. Sensitive values reach Packer in a 0600 var file that is
// removed at the end; Ctrl-C becomes Packer's own interrupt, and pack waits for its cleanup.
import { startInGroup } from '../util/process-group.js';
import type { BuildDef } from '../template/model.js';
import type { EventBus } from '../core/bus.js';
import type { OnErrorMode } from '../core/components.js';
import type { BuildOutcome } from '../core/build.js';
import { componentApplies } from '../template/select.js';
import { PackerOutputTranslator } from './translate.js';
import { plannedComponents } from './plan.js';
import type { PackerBinary } from './locate.js';
import { withSensitiveVarFile } from './var-file.js';

/** What every Packer build of one run shares. */
export interface PackerRunContext {
  packer: PackerBinary;
  /** The template as Packer reads it (a JSON file for a YAML template). */
  templatePath: string;
  /** -var values that are not sensitive, in order. */
  vars: [string, string][];
  varFiles: string[];
  /** Sensitive variables' values: written to a 0600 var file, never on Packer's command line. */
  sensitiveVars: Record<string, unknown>;
  onError: OnErrorMode;
  debug: boolean;
  force: boolean;
  bus: EventBus;
  signal: AbortSignal;
  /** How long Packer may take to clean up after an interrupt before it is killed. */
  cleanupTimeoutMs?: number;
}

const DEFAULT_CLEANUP_TIMEOUT_MS = 15 * 60_000;

export function packerArgs(def: BuildDef, ctx: Omit<PackerRunContext, 'bus' | 'signal' | 'packer'>, sensitiveFile?: string): string[] {
  const args = ['build', '-machine-readable', `-only=${def.name}`];
  for (const [k, v] of ctx.vars) args.push('-var', `${k}=${v}`);
  for (const f of ctx.varFiles) args.push(`-var-file=${f}`);
  // Last, so that it wins over the files as -var would.
  if (sensitiveFile) args.push(`-var-file=${sensitiveFile}`);
  // -except's post-processor names: the build itself was picked by pack, these Packer must still leave out.
  if (def.exceptedPostProcessors?.length) args.push(`-except=${def.exceptedPostProcessors.join(',')}`);
  if (ctx.onError !== 'cleanup') args.push(`-on-error=${ctx.onError}`);
  if (ctx.force) args.push('-force');
  if (ctx.debug) args.push('-debug');
  args.push(ctx.templatePath);
  return args;
}

export async function runPackerBuild(def: BuildDef, ctx: PackerRunContext): Promise<BuildOutcome> {
  const { bus } = ctx;
  const name = def.name;
  const started = performance.now();
  let ended = false;
  const finish = (status: BuildOutcome['status'], artifacts: BuildOutcome['artifacts'], error?: string): BuildOutcome => {
    ended = true;
    const durationMs = performance.now() - started;
    bus.emit({ type: 'build-end', build: name, status, durationMs, artifacts, ...(error ? { error } : {}) });
    return { name, status, error, artifacts, durationMs };
  };
  const { provisioners, postProcessors } = await plannedComponents({
    ...def,
    provisioners: def.provisioners.filter((p) => componentApplies(p, def.sourceName)),
    postProcessors: def.postProcessors.map((c) => c.filter((p) => componentApplies(p, def.sourceName))),
  });
  const translator = new PackerOutputTranslator({
    build: name,
    builderType: def.builderType,
    provisioners,
    postProcessors,
    emit: (e) => bus.emit(e),
  });
  bus.emit({ type: 'build-start', build: name, builderType: def.builderType, steps: translator.planned() });
  if (ctx.signal.aborted) return finish('cancelled', [], 'Build was cancelled.');
  // The version arrives while Packer starts the build (both cost Packer's start-up): said when known.
  ctx.packer.version.then(
    (v) => !ended && bus.emit({ type: 'log', build: name, level: 'say', text: `Running through Packer ${v} (${ctx.packer.path})` }),
    (err: Error) => !ended && bus.emit({ type: 'log', build: name, level: 'error', text: err.message }),
  );

  try {
    const exit = await withSensitiveVarFile(ctx.sensitiveVars, (sensitiveFile) =>
      runPacker(ctx, packerArgs(def, ctx, sensitiveFile), (line) => translator.line(line), (line) =>
        bus.emit({ type: 'log', build: name, level: 'error', stream: 'stderr', text: line }),
      ),
    );
    const end = translator.finish(exit);
    for (const artifact of end.artifacts) bus.emit({ type: 'artifact', build: name, artifact });
    return finish(end.status, end.artifacts, end.error);
  } catch (err) {
    return finish('failed', [], `could not run ${ctx.packer.path}: ${(err as Error).message}`);
  }
}

interface PackerExit {
  code: number | null;
  cancelled: boolean;
  stderr: string;
}

/**
 * Runs Packer in its own process group, so that a Ctrl-C on the terminal reaches pack only and pack
 * decides what Packer gets: the first interrupt becomes Packer's interrupt (it cleans up), a later
 * one is passed on too (Packer's own second-interrupt behaviour). The group gets it, as a terminal's
 * Ctrl-C would: Packer's outer (panicwrap) process ignores signals sent to it alone. If pack itself
 * exits, Packer goes too.
 */
async function runPacker(ctx: PackerRunContext, args: string[], onStdoutLine: (line: string) => void, onStderrLine: (line: string) => void): Promise<PackerExit> {
  let stderr = '';
  const limit = ctx.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS;
  const packer = startInGroup({
    command: ctx.packer.path,
    args,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' },
    signal: ctx.signal,
    stopSignal: 'SIGINT',
    killAfterMs: limit,
    onKillTimeout: () => onStderrLine(`Packer did not finish its cleanup within ${Math.round(limit / 1000)} s after the interrupt: stopping it.`),
    killOnExit: true,
    onLine: (line, stream) => {
      if (stream === 'stdout') return onStdoutLine(line);
      stderr = `${stderr}${line}\n`.slice(-20_000);
      if (line.trimEnd()) onStderrLine(line.trimEnd());
    },
  });
  // The interrupt that aborted the run also reaches this SIGINT listener: it is not a second one.
  let sameInterrupt = false;
  const onAbort = () => {
    sameInterrupt = true;
    setImmediate(() => (sameInterrupt = false));
  };
  // A later Ctrl-C (after the run's signal already aborted) is Packer's too.
  const onLaterSigint = () => {
    if (ctx.signal.aborted && !sameInterrupt) packer.kill('SIGINT');
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  process.on('SIGINT', onLaterSigint);
  try {
    const { code } = await packer.exited;
    return { code, cancelled: ctx.signal.aborted, stderr };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    process.off('SIGINT', onLaterSigint);
  }
}
