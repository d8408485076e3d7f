// Emits a realistic run into a real EventBus, step by step, so the dashboard can be driven
// without the engine: two builds, logs, an upload with progress, and (optionally) a failure.
import type { EventBus } from '../../src/core/bus.js';
import type { PlannedStep } from '../../src/core/events.js';

export const ALPHA_STEPS: PlannedStep[] = [
  { id: 'prepare', title: 'prepare null builder', kind: 'prepare' },
  { id: 'connect', title: 'connect: none', kind: 'connect' },
  { id: 'provision:0', title: 'shell-local: echo hello', kind: 'provision' },
  { id: 'provision:1', title: 'file: data.bin => /tmp/', kind: 'provision' },
  { id: 'post-process:0', title: 'manifest', kind: 'post-process' },
];

export const BETA_STEPS: PlannedStep[] = [
  { id: 'prepare', title: 'prepare null builder', kind: 'prepare' },
  { id: 'connect', title: 'connect: none', kind: 'connect' },
  { id: 'provision:0', title: 'install packages', kind: 'provision' },
  { id: 'provision:1', title: 'shell-local: exit 7', kind: 'provision' },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ScriptOptions {
  /** Milliseconds between beats; 0 for tests. */
  beat?: number;
  /** Log lines per provisioner. */
  lines?: number;
  signal?: { cancelled: boolean };
  /** On beta's failure, ask retry / clean up / abort like -on-error=ask (needs an answerer). */
  ask?: boolean;
  /** Awaited once both builds have started (lets a test look at the live screen). */
  afterStart?: () => Promise<void>;
}

async function runBuild(
  bus: EventBus,
  build: string,
  steps: PlannedStep[],
  o: { beat: number; lines: number; ask: boolean },
  signal: { cancelled: boolean },
  started: Promise<void>,
): Promise<boolean> {
  const start = Date.now();
  bus.emit({ type: 'build-start', build, builderType: 'null', steps });
  await started;
  for (const step of steps) {
    if (signal.cancelled) break;
    const t0 = Date.now();
    bus.emit({ type: 'step-start', build, step: step.id, title: step.title, kind: step.kind });
    bus.emit({ type: 'log', build, step: step.id, level: 'say', text: `Running ${step.title}...` });
    if (step.title.startsWith('file:')) {
      const total = 50 * 1024 * 1024;
      for (let i = 0; i <= 10; i++) {
        bus.emit({ type: 'progress', build, step: step.id, id: `${build}-up`, label: 'data.bin', bytes: (total / 10) * i, total, done: i === 10 });
        await sleep(o.beat);
      }
    } else if (step.kind === 'provision') {
      for (let i = 0; i < o.lines; i++) {
        bus.emit({ type: 'log', build, step: step.id, level: 'message', stream: i % 7 === 6 ? 'stderr' : 'stdout', text: `${build} line ${i}` });
        if (i % 10 === 9) await sleep(o.beat);
      }
    } else await sleep(o.beat);
    if (step.title.includes('exit 7')) {
      const error = 'Script exited with non-zero exit status: 7';
      bus.emit({ type: 'log', build, step: step.id, level: 'error', text: error });
      bus.emit({ type: 'step-end', build, step: step.id, status: 'failed', durationMs: Date.now() - t0, error });
      const answer = o.ask
        ? await bus.ask({
            build,
            prompt: `Step "${step.title}" failed`,
            choices: [
              { key: 'c', label: 'Clean up and exit', role: 'cleanup' },
              { key: 'a', label: 'abort without cleanup', role: 'abort' },
              { key: 'r', label: 'retry step', role: 'retry' },
            ],
          })
        : 'c';
      if (answer === 'r') {
        // The retry succeeds.
        bus.emit({ type: 'step-start', build, step: step.id, title: step.title, kind: step.kind });
        bus.emit({ type: 'log', build, step: step.id, level: 'message', text: 'worked this time' });
        bus.emit({ type: 'step-end', build, step: step.id, status: 'done', durationMs: 5 });
        continue;
      }
      bus.emit({ type: 'build-end', build, status: 'failed', durationMs: Date.now() - start, error, artifacts: [] });
      return false;
    }
    bus.emit({ type: 'step-end', build, step: step.id, status: 'done', durationMs: Date.now() - t0 });
  }
  if (signal.cancelled) {
    bus.emit({ type: 'build-end', build, status: 'cancelled', durationMs: Date.now() - start, error: 'cancelled', artifacts: [] });
    return false;
  }
  const artifact = { builderId: 'null', id: build, files: [], description: 'Did not export anything. This is the null builder' };
  bus.emit({ type: 'artifact', build, artifact });
  bus.emit({ type: 'build-end', build, status: 'success', durationMs: Date.now() - start, artifacts: [artifact] });
  return true;
}

export async function scriptedRun(bus: EventBus, opts: ScriptOptions = {}): Promise<void> {
  const o = { beat: opts.beat ?? 0, lines: opts.lines ?? 30, ask: opts.ask ?? false };
  const signal = opts.signal ?? { cancelled: false };
  const start = Date.now();
  bus.emit({ type: 'run-start', template: 'demo.pkr.json', builds: ['alpha', 'beta'] });
  let release = () => {};
  const started = new Promise<void>((r) => (release = r));
  const results = Promise.all([
    runBuild(bus, 'alpha', ALPHA_STEPS, o, signal, started),
    runBuild(bus, 'beta', BETA_STEPS, o, signal, started),
  ]);
  await opts.afterStart?.();
  release();
  const [, betaOk] = await results;
  bus.emit({
    type: 'run-end',
    durationMs: Date.now() - start,
    errors: signal.cancelled || betaOk ? [] : [{ build: 'beta', message: 'Script exited with non-zero exit status: 7' }],
    artifacts: [{ build: 'alpha', artifact: { builderId: 'null', id: 'alpha', files: [], description: 'Did not export anything. This is the null builder' } }],
    cancelled: signal.cancelled,
  });
}
