// Runs a build's steps in order (packer-plugin-sdk's multistep, with commonsteps' on-error
// wrappers folded in): on halt, throw or cancel, the cleanups of the steps that ran run in
// reverse, always; except when -on-error says to leave things for inspection.
import type { BuildContext, OnErrorMode, StateBag, Step } from './components.js';
import { STATE, getState, setState } from './components.js';
import type { StepStatus } from './events.js';

export interface StepHooks {
  start(step: Step): void;
  end(step: Step, status: StepStatus, durationMs: number, error?: string): void;
  /** A step's cleanup is about to run / has run (reported as its own "cleanup:<id>" step). */
  cleanupStart?(step: Step): void;
  cleanupEnd?(step: Step, durationMs: number, error?: string): void;
}

export interface RunStepsOptions {
  state: StateBag;
  ctx: BuildContext;
  onError: OnErrorMode;
  debug: boolean;
  hooks: StepHooks;
  /** Steps that report their own start/end (the provision hook reports one step per provisioner). */
  selfReporting?: ReadonlySet<Step>;
}

export type RunStatus = 'success' | 'failed' | 'cancelled';

export interface RunStepsResult {
  status: RunStatus;
  error?: Error;
  /** True when cleanups were skipped on purpose (-on-error=abort, or "a" answered). */
  cleanupSkipped: boolean;
}

export const CANCELLED_MESSAGE = 'Build was cancelled.';

export async function runSteps(steps: Step[], opts: RunStepsOptions): Promise<RunStepsResult> {
  const { state, ctx, hooks } = opts;
  const ran: Step[] = [];
  let status: RunStatus = 'success';
  let error: Error | undefined;
  let skipCleanup = false;

  stepLoop: for (const step of steps) {
    if (ctx.signal.aborted) {
      status = 'cancelled';
      break;
    }
    for (;;) {
      const reports = !opts.selfReporting?.has(step);
      const started = performance.now();
      if (reports) hooks.start(step);
      let action: 'continue' | 'halt';
      try {
        action = await step.run(state, ctx);
      } catch (err) {
        setState(state, STATE.error, toError(err));
        action = 'halt';
      }
      const took = performance.now() - started;
      if (!ran.includes(step)) ran.push(step);
      if (ctx.signal.aborted) {
        if (reports) hooks.end(step, 'cancelled', took);
        status = 'cancelled';
        break stepLoop;
      }
      if (action === 'continue') {
        if (reports) hooks.end(step, 'done', took);
        break;
      }
      const failure = toError(getState(state, STATE.error) ?? new Error(`step "${step.title}" halted`));
      if (reports) hooks.end(step, 'failed', took, failure.message);
      if (opts.onError !== 'cleanup') ctx.ui.error(failure.message);
      if (opts.onError === 'ask') {
        const answer = await askOnError(ctx, step);
        if (answer === 'r') {
          state.delete(STATE.error.name);
          continue;
        }
        if (answer === 'a') skipCleanup = true;
      } else if (opts.onError === 'abort' || opts.onError === 'run-cleanup-provisioner') {
        skipCleanup = true;
        ctx.ui.say(`Step "${step.title}" failed, aborting...`);
        if (opts.onError === 'abort') {
          for (const s of [...ran].reverse()) {
            if (s.cleanup) ctx.ui.say(`aborted: skipping cleanup of step "${s.title}"`);
          }
        }
      }
      status = 'failed';
      error = failure;
      break stepLoop;
    }
    if (opts.debug && step !== steps[steps.length - 1]) {
      await ctx.ui
        .ask(`Pausing after run of step '${step.title}'. Press enter to continue.`, [{ key: 'c', label: 'continue', role: 'continue' }])
        .catch(() => 'c');
    }
  }

  // A cancel always cleans up: only a failure may leave the machine for inspection.
  if (status === 'cancelled') skipCleanup = false;
  if (!skipCleanup) {
    for (const step of [...ran].reverse()) {
      if (!step.cleanup) continue;
      const started = performance.now();
      hooks.cleanupStart?.(step);
      let failure: string | undefined;
      try {
        await step.cleanup(state, ctx);
      } catch (err) {
        failure = toError(err).message;
        ctx.ui.error(`Error cleaning up ${step.title}: ${failure}`);
      }
      hooks.cleanupEnd?.(step, performance.now() - started, failure);
    }
  }
  if (status === 'cancelled') error = new Error(CANCELLED_MESSAGE);
  return { status, error, cleanupSkipped: skipCleanup };
}

async function askOnError(ctx: BuildContext, step: Step): Promise<string> {
  try {
    return await ctx.ui.ask(
      `Step "${step.title}" failed\n[c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?`,
      [
        { key: 'c', label: 'Clean up and exit', role: 'cleanup' },
        { key: 'a', label: 'abort without cleanup', role: 'abort' },
        { key: 'r', label: 'retry step', role: 'retry' },
      ],
    );
  } catch {
    return 'c';
  }
}

export function toError(err: unknown): Error {
  if (err instanceof Error) return err;
  return new Error(typeof err === 'string' ? err : JSON.stringify(err));
}
