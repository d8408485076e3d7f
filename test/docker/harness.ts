// Runs a builder's steps in-process, the way the engine does (steps in order, cleanups in reverse,
// always), with a hand-built BuildContext that records what the UI was told. It stands in for
// `pack build` in tests that look at one component closely; the end-to-end tests use the real CLI.
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Artifact,
  BuildContext,
  BuilderFactory,
  CommonSteps,
  Communicator,
  CommunicatorFactory,
  PostProcessorFactory,
  Progress,
  StateBag,
  Step,
} from '../../src/core/components.js';
import { STATE, getState, setState } from '../../src/core/components.js';

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export interface Recorded {
  lines: string[];
  progress: Progress[];
}

export function makeContext(opts: { signal?: AbortSignal; force?: boolean } = {}): BuildContext & { rec: Recorded } {
  const rec: Recorded = { lines: [], progress: [] };
  const tempDir = mkdtempSync(join(tmpdir(), 'pack-docker-ctx-'));
  tempDirs.push(tempDir);
  return {
    rec,
    buildName: 'docker',
    displayName: 'docker',
    builderType: 'docker',
    templateDir: process.cwd(),
    signal: opts.signal ?? new AbortController().signal,
    onError: 'cleanup',
    debug: false,
    force: opts.force ?? false,
    runUuid: 'test-run',
    tempDir,
    addSecret() {},
    render(text, data) {
      return text.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_m, k: string) => String(data?.[k] ?? ''));
    },
    ui: {
      say: (t) => rec.lines.push(`==> ${t}`),
      message: (t) => rec.lines.push(`    ${t}`),
      error: (t) => rec.lines.push(`!!> ${t}`),
      output: (l, s) => rec.lines.push(`${s}: ${l}`),
      progress: (p) => rec.progress.push(p),
      ask: () => Promise.reject(new Error('no terminal')),
    },
  };
}

export type ProvisionFn = (comm: Communicator, ctx: BuildContext) => Promise<void>;

export interface RunResult {
  artifact?: Artifact;
  error?: Error;
  state: StateBag;
}

export async function runBuilder(
  factory: BuilderFactory,
  config: Record<string, unknown>,
  commFactory: CommunicatorFactory,
  provisioners: ProvisionFn[],
  ctx: BuildContext,
): Promise<RunResult> {
  const common: CommonSteps = {
    connect: (target) => ({
      id: 'connect',
      title: 'Connect',
      kind: 'connect',
      async run(state, c) {
        setState(state, STATE.communicator, await commFactory.connect({}, target?.(state) ?? {}, c, state));
        return 'continue';
      },
      async cleanup(state) {
        await getState(state, STATE.communicator)?.close();
      },
    }),
    provision: () => ({
      id: 'provision',
      title: 'Provision',
      kind: 'provision',
      async run(state, c) {
        for (const p of provisioners) await p(getState(state, STATE.communicator)!, c);
        return 'continue';
      },
    }),
  };
  const b = factory.create(config, ctx);
  const steps = b.steps(common);
  const state: StateBag = new Map();
  const ran: Step[] = [];
  let error: Error | undefined;
  for (const step of steps) {
    if (ctx.signal.aborted) {
      error = new Error('cancelled');
      break;
    }
    ran.push(step);
    try {
      if ((await step.run(state, ctx)) === 'halt') {
        error = getState(state, STATE.error) ?? new Error(`${step.id} halted`);
        break;
      }
    } catch (e) {
      error = e as Error;
      break;
    }
  }
  for (const step of ran.reverse()) await step.cleanup?.(state, ctx);
  const artifact = error ? undefined : await b.artifact(state, ctx);
  return { artifact, error, state };
}

export async function postProcess(factory: PostProcessorFactory, config: Record<string, unknown>, input: Artifact, ctx: BuildContext) {
  return (await factory.create(config).process(input, ctx)).artifact;
}
