// One build: the builder's steps (with the core's connect and provision steps), then the
// post-processor chains. Every stage is reported as events; nothing here prints.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Artifact, BuildContext, OnErrorMode, StateBag, Step } from './components.js';
import type { ArtifactInfo, BuildStatus, PlannedStep } from './events.js';
import type { EventBus } from './bus.js';
import type { ResolvedBuild } from './resolve.js';
import { componentTitle } from './resolve.js';

import { trackLeftover } from './leftovers.js';
import { makeBuildUi, type StepCursor } from './build-ui.js';
import { makeCommonSteps, provisionStepId } from './common-steps.js';
import { postProcessorStepId, runPostProcessors } from './post-process.js';
import { runSteps, toError, CANCELLED_MESSAGE } from './multistep.js';
import type { RuntimeBuildInfo } from './render-fallback.js';
import { decodeAtRun } from './decode-at-run.js';
import type { CacheSession } from '../cache/session.js';

export type RuntimeRenderer = (text: string, data: Record<string, unknown>, build: RuntimeBuildInfo) => string;

export interface BuildOptions {
  bus: EventBus;
  onError: OnErrorMode;
  debug: boolean;
  force: boolean;
  runUuid: string;
  templateDir: string;
  signal: AbortSignal;
  render: RuntimeRenderer;
  /** pack build -cache: resume from and save cache points (src/cache). */
  cache?: boolean;
  templatePath?: string;
}

export interface BuildOutcome {
  name: string;
  status: BuildStatus;
  error?: string;
  artifacts: ArtifactInfo[];
  durationMs: number;
}

export function artifactInfo(a: Artifact): ArtifactInfo {
  return { builderId: a.builderId, id: a.id, files: [...a.files], description: a.string() };
}

export async function runBuild(build: ResolvedBuild, opts: BuildOptions): Promise<BuildOutcome> {
  const { bus } = opts;
  const name = build.def.name;
  const started = performance.now();
  const cursor: StepCursor = {};
  const tempDir = await mkdtemp(join(tmpdir(), 'pack-build-'));
  const releaseTempDir = trackLeftover(`path ${tempDir}`);
  const ctx: BuildContext = {
    buildName: build.def.builderName,
    displayName: name,
    builderType: build.def.builderType,
    templateDir: opts.templateDir,
    signal: opts.signal,
    ui: makeBuildUi(bus, name, cursor),
    onError: opts.onError,
    debug: opts.debug,
    force: opts.force,
    runUuid: opts.runUuid,
    addSecret: (v) => bus.redactor.add(v),
    redact: (t) => bus.redactor.redact(t),
    render: (text, data = {}) =>
      opts.render(text, data, { name: build.def.builderName, type: build.def.builderType }),
    tempDir,
  };
  let cache: CacheSession | undefined;
  const finish = (status: BuildStatus, artifacts: ArtifactInfo[], error?: string): BuildOutcome => {
    const durationMs = performance.now() - started;
    const summary = cache?.summary();
    bus.emit({ type: 'build-end', build: name, status, durationMs, artifacts, ...(error ? { error } : {}), ...(summary ? { cache: summary } : {}) });
    return { name, status, error, artifacts, durationMs };
  };

  try {
    const selfReporting = new Set<Step>();
    let steps: Step[];
    let builder;
    try {
      builder = build.builder.create(decodeAtRun('builder', build.def.builderType, build.def.config, ctx), ctx);
      for (const chain of build.chains) {
        for (const [i, pp] of chain.entries()) pp.factory.checkAtStart?.(decodeAtRun('post-processor', pp.def.type, pp.def.config, ctx), ctx, { first: i === 0 });
      }
      if (opts.cache) {
        const { openCache } = await import('../cache/session.js');
        cache = openCache({ build, builder, ctx, templatePath: opts.templatePath ?? opts.templateDir, startedAt: started });
      }
      steps = builder.steps(makeCommonSteps({ build, bus, cursor, selfReporting, cache }));
      if (cache) steps = cache.withLookup(steps);
    } catch (err) {
      bus.emit({ type: 'build-start', build: name, builderType: build.def.builderType, steps: [] });
      return finish('failed', [], toError(err).message);
    }
    bus.emit({ type: 'build-start', build: name, builderType: build.def.builderType, steps: plan(build, steps, selfReporting) });

    const state: StateBag = new Map();
    const result = await runSteps(steps, {
      state,
      ctx,
      onError: opts.onError,
      debug: opts.debug,
      selfReporting,
      hooks: {
        start(step) {
          cursor.current = step.id;
          bus.emit({ type: 'step-start', build: name, step: step.id, title: step.title, kind: step.kind });
        },
        end(step, status, durationMs, error) {
          bus.emit({ type: 'step-end', build: name, step: step.id, status, durationMs, ...(error ? { error } : {}) });
        },
        cleanupStart(step) {
          cursor.current = `cleanup:${step.id}`;
          bus.emit({ type: 'step-start', build: name, step: `cleanup:${step.id}`, title: `Clean up: ${step.title}`, kind: 'cleanup' });
        },
        cleanupEnd(step, durationMs, error) {
          const status = error ? 'failed' : 'done';
          bus.emit({ type: 'step-end', build: name, step: `cleanup:${step.id}`, status, durationMs, ...(error ? { error } : {}) });
        },
      },
    });
    await cache?.finish(ctx);
    if (result.status === 'cancelled') return finish('cancelled', [], CANCELLED_MESSAGE);
    if (result.status === 'failed') return finish('failed', [], result.error?.message ?? 'build failed');

    const artifact = await builder.artifact(state, ctx);
    if (!artifact) return finish('success', []);
    const pp = await runPostProcessors(build, artifact, ctx, bus, cursor);
    const infos = pp.artifacts.map(artifactInfo);
    if (opts.signal.aborted) return finish('cancelled', [], CANCELLED_MESSAGE);
    // Like Packer, a build with a failed post-processor lists no artifacts.
    if (pp.errors.length > 0) return finish('failed', [], pp.errors.map((e) => e.message).join('\n'));
    for (const a of infos) bus.emit({ type: 'artifact', build: name, artifact: a });
    return finish('success', infos);
  } catch (err) {
    return finish(opts.signal.aborted ? 'cancelled' : 'failed', [], opts.signal.aborted ? CANCELLED_MESSAGE : toError(err).message);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
    releaseTempDir();
  }
}

function plan(build: ResolvedBuild, steps: Step[], selfReporting: Set<Step>): PlannedStep[] {
  const out: PlannedStep[] = [];
  for (const s of steps) {
    if (selfReporting.has(s)) {
      for (const p of build.provisioners) out.push({ id: provisionStepId(p), title: componentTitle(p), kind: 'provision' });
    } else {
      out.push({ id: s.id, title: s.title, kind: s.kind });
    }
  }
  for (const chain of build.chains) {
    for (const p of chain) out.push({ id: postProcessorStepId(p), title: componentTitle(p), kind: 'post-process' });
  }
  return out;
}
