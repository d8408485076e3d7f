// The steps the core gives every builder: connect (the build's communicator) and provision
// (Packer's provision hook: each provisioner in order, with pause_before, max_retries,
// and timeout, and the error-cleanup provisioner when one fails).
import type {
  BuildContext,
  CommonSteps,
  ProvisionContext,
  StateBag,
  Step,
} from './components.js';
import { STATE, getState, setState } from './components.js';
import type { EventBus } from './bus.js';
import type { ResolvedBuild, ResolvedProvisioner } from './resolve.js';
import { componentTitle } from './resolve.js';
import type { StepCursor } from './build-ui.js';
import { goDuration } from '../util/duration.js';
import { sleep } from '../util/sleep.js';
import { toError } from './multistep.js';
import { decodeAtRun } from './decode-at-run.js';
import { connectionInfo } from './connection-info.js';


/** pack build -cache, as the connect and provision steps see it (src/cache/session.ts). */
export interface ProvisionCache {
  /** Covered by the point the build resumed from: reported as cached, not run. */
  cached(p: ResolvedProvisioner): { savedMs: number } | undefined;
  /** Saves a point once connected, and after each provisioner. */
  connected(state: StateBag, ctx: BuildContext): Promise<void>;
  provisioned(p: ResolvedProvisioner, state: StateBag, ctx: BuildContext): Promise<void>;
}

export interface CommonStepsDeps {
  build: ResolvedBuild;
  bus: EventBus;
  cursor: StepCursor;
  /** The provision step reports one step-start/end per provisioner itself. */
  selfReporting: Set<Step>;
  cache?: ProvisionCache;
}

export function provisionStepId(p: ResolvedProvisioner): string {
  return p.index < 0 ? 'provision:error-cleanup' : `provision:${p.index}`;
}

export function makeCommonSteps(deps: CommonStepsDeps): CommonSteps {
  const { build, bus, cursor } = deps;
  const buildName = build.def.name;
  const commType = build.def.communicator.type;

  function connect(target?: (state: StateBag) => Record<string, unknown>): Step {
    return {
      id: 'connect',
      title: `Connect (${commType})`,
      kind: 'connect',
      async run(state, ctx) {
        // Reads the builder's target values, STATE.http, STATE.sshKeyPair; writes STATE.communicator, STATE.conn.
        const t = target?.(state) ?? {};
        const config = decodeAtRun('communicator', commType, build.def.communicator.config, ctx);
        const comm = build.communicator ? await build.communicator.connect(config, t, ctx, state) : undefined;
        setState(state, STATE.communicator, comm);
        const described = build.communicator?.describe?.(config, t, ctx, state) ?? {};
        setState(state, STATE.conn, connectionInfo(commType, described, state, ctx));
        await deps.cache?.connected(state, ctx);
        return 'continue';
      },
      async cleanup(state) {
        const comm = getState(state, STATE.communicator);
        if (comm) await comm.close();
      },
    };
  }

  async function runOne(p: ResolvedProvisioner, state: StateBag, ctx: BuildContext): Promise<void> {
    // A run cancelled while the last provisioner finished starts no other.
    ctx.signal.throwIfAborted();
    // The template module merged this build's override into the config already.
    const config = decodeAtRun('provisioner', p.def.type, p.def.config, ctx);
    if (p.def.pauseBefore && p.def.pauseBefore > 0) {
      ctx.ui.say(`Pausing ${goDuration(p.def.pauseBefore)} before the next provisioner...`);
      await sleep(p.def.pauseBefore, ctx.signal);
    }
    const attempts = Math.max(0, p.def.maxRetries ?? 0) + 1;
    for (let attempt = 1; ; attempt++) {
      const attemptStarted = performance.now();
      const timeout = p.def.timeout && p.def.timeout > 0 ? p.def.timeout : undefined;
      const timer = timeout ? new AbortController() : undefined;
      if (timeout) ctx.ui.say(`Setting a ${goDuration(timeout)} timeout for the next provisioner...`);
      const handle = timer ? setTimeout(() => timer.abort(), timeout) : undefined;
      const signal = timer ? AbortSignal.any([ctx.signal, timer.signal]) : ctx.signal;
      const pctx: ProvisionContext = {
        ...ctx,
        signal,
        comm: getState(state, STATE.communicator),
        commType,
        conn: getState(state, STATE.conn) ?? connectionInfo(commType, {}, state, ctx),
      };
      try {
        await p.factory.create(config).provision(pctx);
        return;
      } catch (err) {
        const e = timer?.signal.aborted && !ctx.signal.aborted ? new Error(`Provisioner timed out after ${goDuration(timeout!)}`) : toError(err);
        if (attempt >= attempts || ctx.signal.aborted) throw e;
        // Each attempt is a run of the step for the UIs ("retried ×1"), as a retry after -on-error=ask is.
        reportEnd(p, attemptStarted, 'failed', e.message);
        ctx.ui.say(`Provisioner failed (${e.message}); retrying (attempt ${attempt + 1} of ${attempts})...`);
        reportStart(p);
      } finally {
        if (handle) clearTimeout(handle);
      }
    }
  }

  function reportStart(p: ResolvedProvisioner) {
    const id = provisionStepId(p);
    cursor.current = id;
    bus.emit({ type: 'step-start', build: buildName, step: id, title: componentTitle(p), kind: 'provision' });
    return performance.now();
  }

  /** The provisioner's step-end; an error is said only for a failure. */
  function reportEnd(p: ResolvedProvisioner, started: number, status: 'done' | 'failed' | 'cancelled', error?: string) {
    const durationMs = performance.now() - started;
    bus.emit({ type: 'step-end', build: buildName, step: provisionStepId(p), status, durationMs, ...(status === 'failed' ? { error } : {}) });
  }

  function provision(): Step {
    const step: Step = {
      id: 'provision',
      title: 'Provision',
      kind: 'provision',
      async run(state, ctx) {
        for (const p of build.provisioners) {
          const hit = deps.cache?.cached(p);
          if (hit) {
            reportStart(p);
            bus.emit({ type: 'step-end', build: buildName, step: provisionStepId(p), status: 'cached', durationMs: 0, savedMs: hit.savedMs });
            continue;
          }
          const started = reportStart(p);
          try {
            await runOne(p, state, ctx);
          } catch (err) {
            const e = toError(err);
            const cancelled = ctx.signal.aborted;
            reportEnd(p, started, cancelled ? 'cancelled' : 'failed', e.message);
            if (!cancelled) await runErrorCleanup(state, ctx);
            setState(state, STATE.error, e);
            return 'halt';
          }
          reportEnd(p, started, 'done');
          await deps.cache?.provisioned(p, state, ctx);
        }
        return 'continue';
      },
    };
    deps.selfReporting.add(step);
    return step;
  }

  async function runErrorCleanup(state: StateBag, ctx: BuildContext): Promise<void> {
    // With -on-error=abort nothing is cleaned, not even by the error-cleanup provisioner.
    if (ctx.onError === 'abort') return;
    ctx.ui.say('Provisioning step had errors: Running the cleanup provisioner, if present...');
    const p = build.cleanupProvisioner;
    if (!p) return;
    const started = reportStart(p);
    let error: string | undefined;
    try {
      // A cleanup, as Packer runs it: a Ctrl-C that comes meanwhile lets it finish (a second one says cleanups
      // are running, a third quits), rather than killing it halfway through undoing what the build did.
      await runOne(p, state, { ...ctx, signal: new AbortController().signal });
    } catch (err) {
      error = toError(err).message;
      ctx.ui.error(`Error running the error-cleanup provisioner: ${error}`);
    }
    reportEnd(p, started, error ? 'failed' : 'done', error);
  }

  return { connect, provision };
}
