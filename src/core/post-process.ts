// Post-processor chains as Packer 1.6.6 runs them: every chain starts from the builder's
// artifact; a failure ends only its own chain; an intermediate artifact is destroyed unless
// kept (keep_input_artifact, or the post-processor's own default, or its forced choice);
// the builder's artifact is destroyed unless the first post-processor of some chain keeps it.
import type { Artifact, BuildContext } from './components.js';
import type { EventBus } from './bus.js';
import type { ResolvedBuild, ResolvedPostProcessor } from './resolve.js';
import { componentTitle } from './resolve.js';
import type { StepCursor } from './build-ui.js';
import { makeBuildUi } from './build-ui.js';
import { toError } from './multistep.js';
import { decodeAtRun } from './decode-at-run.js';

export function postProcessorStepId(p: ResolvedPostProcessor): string {
  return `post-process:${p.chain}.${p.index}`;
}

export interface PostProcessOutcome {
  artifacts: Artifact[];
  errors: Error[];
}

export async function runPostProcessors(
  build: ResolvedBuild,
  builderArtifact: Artifact,
  ctx: BuildContext,
  bus: EventBus,
  cursor: StepCursor,
): Promise<PostProcessOutcome> {
  const buildName = build.def.name;
  const results: Artifact[] = [];
  const errors: Error[] = [];
  let keepOriginal = build.chains.length === 0;

  for (const chain of build.chains) {
    let prior: Artifact | undefined = builderArtifact;
    chainLoop: for (const [i, pp] of chain.entries()) {
      if (ctx.signal.aborted) {
        prior = undefined;
        keepOriginal = true;
        break;
      }
      const id = postProcessorStepId(pp);
      cursor.current = id;
      bus.emit({ type: 'step-start', build: buildName, step: id, title: componentTitle(pp), kind: 'post-process' });
      const started = performance.now();
      // Packer 1.6.6 names the type here, even for a named post-processor.
      ctx.ui.say(`Running post-processor: ${pp.def.type}`);
      const ppCtx: BuildContext = { ...ctx, ui: makeBuildUi(bus, buildName, cursor, pp.def.type) };
      let result;
      try {
        result = await pp.factory.create(decodeAtRun('post-processor', pp.def.type, pp.def.config, ppCtx)).process(prior!, ppCtx);
      } catch (err) {
        const e = toError(err);
        errors.push(new Error(`Post-processor failed: ${e.message}`));
        bus.emit({
          type: 'step-end',
          build: buildName,
          step: id,
          status: ctx.signal.aborted ? 'cancelled' : 'failed',
          durationMs: performance.now() - started,
          error: e.message,
        });
        prior = undefined;
        // The builder's artifact is the input a failed or cancelled first post-processor
        // could not turn into anything: deleting it would lose the build's only result.
        if (i === 0) keepOriginal = true;
        break chainLoop;
      }
      bus.emit({ type: 'step-end', build: buildName, step: id, status: 'done', durationMs: performance.now() - started });
      let keep = result.keep ?? false;
      const userKeep = pp.def.keepInputArtifact;
      if (userKeep !== undefined && !(keep && userKeep === false && result.forceOverride)) keep = userKeep;
      if (i === 0) {
        if (keep) keepOriginal = true;
      } else if (prior && prior !== result.artifact) {
        if (keep) results.push(prior);
        else await destroy(prior, ctx);
      }
      prior = result.artifact;
    }
    if (prior) results.push(prior);
  }
  if (keepOriginal) results.unshift(builderArtifact);
  else await destroy(builderArtifact, ctx);
  return { artifacts: results, errors };
}

async function destroy(a: Artifact, ctx: BuildContext): Promise<void> {
  try {
    await a.destroy();
  } catch (err) {
    ctx.ui.error(`Error destroying artifact: ${toError(err).message}`);
  }
}
