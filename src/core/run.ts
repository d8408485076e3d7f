// A whole `pack build` run: resolves every selected build's components first, then runs the
// builds in parallel (at most parallelBuilds at once; 0 = all), and reports the run's end.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { BuildDef, Template } from '../template/model.js';
import type { OnErrorMode } from './components.js';
import type { EventBus } from './bus.js';
import type { ArtifactInfo } from './events.js';
import { resolveBuild, type ResolvedBuild } from './resolve.js';
import { runBuild, type BuildOutcome, type RuntimeRenderer } from './build.js';
import { renderFallback } from './render-fallback.js';
import { selectBuilds } from '../template/select.js';

export interface RunOptions {
  template: Template;
  bus: EventBus;
  only?: string[];
  except?: string[];
  /** 0 = unlimited. */
  parallelBuilds?: number;
  onError?: OnErrorMode;
  debug?: boolean;
  force?: boolean;
  signal?: AbortSignal;
  render?: RuntimeRenderer;
  /** pack build -cache. */
  cache?: boolean;
}

/** A build another engine runs (Packer): pack schedules it beside its own and listens to its events. */
export interface ExternalBuild {
  def: BuildDef;
  run(bus: EventBus, signal: AbortSignal): Promise<BuildOutcome>;
}

export interface RunResult {
  outcomes: BuildOutcome[];
  errors: { build: string; message: string }[];
  artifacts: { build: string; artifact: ArtifactInfo }[];
  cancelled: boolean;
}

/**
 * The builds that would run, resolved; throws UserError for unknown components. Like Packer,
 * -only/-except selecting nothing is not an error: the run simply builds nothing.
 */
export async function planRun(template: Template, only: string[] = [], except: string[] = []): Promise<ResolvedBuild[]> {
  return resolveBuilds(selectBuilds(template.builds, only, except));
}

/** Resolves builds already selected (by the template module's -only/-except rules). */
export function resolveBuilds(builds: BuildDef[]): Promise<ResolvedBuild[]> {
  return Promise.all(builds.map((b) => resolveBuild(b)));
}

export async function runBuilds(opts: RunOptions, resolved?: (ResolvedBuild | ExternalBuild)[]): Promise<RunResult> {
  const builds: (ResolvedBuild | ExternalBuild)[] = resolved ?? (await planRun(opts.template, opts.only, opts.except));
  const bus = opts.bus;
  const signal = opts.signal ?? new AbortController().signal;
  // Every running build listens to the run's signal: with more than ten, Node's leak warning would print
  // over the dashboard. The bound grows with the builds, so a real leak still warns.
  setMaxListeners(10 + 10 * builds.length, signal);
  const debug = opts.debug ?? false;
  const limit = debug ? 1 : opts.parallelBuilds && opts.parallelBuilds > 0 ? opts.parallelBuilds : builds.length;
  const runUuid = randomUUID();
  const started = performance.now();
  bus.emit({ type: 'run-start', template: opts.template.path, builds: builds.map((b) => b.def.name) });

  const outcomes: BuildOutcome[] = new Array(builds.length);
  let next = 0;
  const worker = async () => {
    while (next < builds.length) {
      const i = next++;
      const b = builds[i];
      if ('run' in b) {
        outcomes[i] = await b.run(bus, signal);
        continue;
      }
      outcomes[i] = await runBuild(b, {
        bus,
        onError: opts.onError ?? 'cleanup',
        debug,
        force: opts.force ?? false,
        runUuid,
        templateDir: opts.template.dir,
        signal,
        render: opts.render ?? renderFallback,
        cache: opts.cache,
        templatePath: opts.template.path,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, builds.length) }, worker));

  const errors = outcomes
    .filter((o) => o.status !== 'success')
    .map((o) => ({ build: o.name, message: o.error ?? o.status }));
  const artifacts = outcomes.flatMap((o) => o.artifacts.map((artifact) => ({ build: o.name, artifact })));
  const cancelled = signal.aborted;
  bus.emit({ type: 'run-end', durationMs: performance.now() - started, errors, artifacts, cancelled });
  return { outcomes, errors, artifacts, cancelled };
}
