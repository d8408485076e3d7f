import { describe, expect, it } from 'vitest';
import { runBuilds } from '../../src/core/run.js';
import type { Template } from '../../src/template/model.js';
import type { ResolvedBuild } from '../../src/core/resolve.js';
import { STATE, setState, type OnErrorMode } from '../../src/core/components.js';
import { fakeBuild, journalProvisioner, recordingBus, buildDef } from './fake-build.js';

function template(builds: ResolvedBuild[]): Template {
  return { path: 't.json', dir: '.', format: 'json', variables: {}, builds: builds.map((b) => b.def) };
}

async function run(builds: ResolvedBuild[], onError: OnErrorMode = 'cleanup', answers: string[] = [], signal?: AbortSignal) {
  const { bus, events } = recordingBus();
  if (answers.length > 0) {
    bus.registerAnswerer();
    bus.subscribe((e) => {
      if (e.type === 'question') queueMicrotask(() => bus.answer(e.id, answers.shift() ?? 'c'));
    });
  }
  const result = await runBuilds({ template: template(builds), bus, onError, signal }, builds);
  return { result, events };
}

describe('multistep runner', () => {
  it('runs every step, then cleans up in reverse, also on success', async () => {
    const j: string[] = [];
    const { result } = await run([fakeBuild('a', [{ id: 's1' }, { id: 's2' }, { id: 's3' }], j)]);
    expect(result.errors).toEqual([]);
    expect(j).toEqual(['a:run:s1', 'a:run:s2', 'a:run:s3', 'a:cleanup:s3', 'a:cleanup:s2', 'a:cleanup:s1']);
  });

  it.each(['halt', 'throw'] as const)('on %s stops and cleans up the steps that ran, in reverse', async (how) => {
    const j: string[] = [];
    const { result, events } = await run([fakeBuild('a', [{ id: 's1' }, { id: 's2', behaviour: how }, { id: 's3' }], j)]);
    expect(j).toEqual(['a:run:s1', 'a:run:s2', 'a:cleanup:s2', 'a:cleanup:s1']);
    expect(result.errors).toEqual([{ build: 'a', message: how === 'halt' ? 's2 failed' : 's2 threw' }]);
    const end = events.find((e) => e.type === 'step-end' && e.step === 'builder:s2');
    expect(end).toMatchObject({ status: 'failed' });
  });

  it('-on-error=abort leaves everything as it is', async () => {
    const j: string[] = [];
    await run([fakeBuild('a', [{ id: 's1' }, { id: 's2', behaviour: 'halt' }], j)], 'abort');
    expect(j).toEqual(['a:run:s1', 'a:run:s2']);
  });

  it('-on-error=ask: r retries the step, c cleans up, a aborts', async () => {
    const retried: string[] = [];
    const r = await run(
      [fakeBuild('a', [{ id: 's1' }, { id: 's2', behaviour: (n) => (n === 1 ? 'halt' : 'ok') }], retried)],
      'ask',
      ['r'],
    );
    expect(r.result.errors).toEqual([]);
    expect(retried).toEqual(['a:run:s1', 'a:run:s2', 'a:run:s2', 'a:cleanup:s2', 'a:cleanup:s1']);
    const q = r.events.find((e) => e.type === 'question');
    expect(q).toMatchObject({ build: 'a', choices: [{ key: 'c' }, { key: 'a' }, { key: 'r' }] });

    const cleaned: string[] = [];
    await run([fakeBuild('a', [{ id: 's1' }, { id: 's2', behaviour: 'halt' }], cleaned)], 'ask', ['c']);
    expect(cleaned).toEqual(['a:run:s1', 'a:run:s2', 'a:cleanup:s2', 'a:cleanup:s1']);

    const aborted: string[] = [];
    await run([fakeBuild('a', [{ id: 's1' }, { id: 's2', behaviour: 'halt' }], aborted)], 'ask', ['a']);
    expect(aborted).toEqual(['a:run:s1', 'a:run:s2']);
  });

  it('a cancel stops the running step and cleans up even with -on-error=abort', async () => {
    const j: string[] = [];
    const controller = new AbortController();
    const done = run([fakeBuild('a', [{ id: 's1' }, { id: 'wait', behaviour: { waitMs: 30_000 } }, { id: 's3' }], j)], 'abort', [], controller.signal);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const { result, events } = await done;
    expect(j).toEqual(['a:run:s1', 'a:run:wait', 'a:cleanup:wait', 'a:cleanup:s1']);
    expect(result.cancelled).toBe(true);
    expect(events.find((e) => e.type === 'build-end')).toMatchObject({ status: 'cancelled', error: 'Build was cancelled.' });
  });
});

describe('debug runner', () => {
  it('pauses with a question after each step but the last', async () => {
    const j: string[] = [];
    const { bus, events } = recordingBus();
    bus.registerAnswerer();
    bus.subscribe((e) => {
      if (e.type === 'question') {
        j.push(`asked: ${e.prompt}`);
        queueMicrotask(() => bus.answer(e.id, 'c'));
      }
    });
    const builds = [fakeBuild('a', [{ id: 's1' }, { id: 's2' }, { id: 's3' }], j), fakeBuild('b', [{ id: 's1' }], j)];
    await runBuilds({ template: template(builds), bus, debug: true }, builds);
    expect(j.slice(0, 5)).toEqual([
      'a:run:s1',
      "asked: Pausing after run of step 's1'. Press enter to continue.",
      'a:run:s2',
      "asked: Pausing after run of step 's2'. Press enter to continue.",
      'a:run:s3',
    ]);
    // One build at a time: b starts only after a ended.
    const order = events.filter((e) => e.type === 'build-start' || e.type === 'build-end').map((e) => `${e.type} ${'build' in e ? e.build : ''}`);
    expect(order).toEqual(['build-start a', 'build-end a', 'build-start b', 'build-end b']);
  });
});

describe('provision hook', () => {
  it('runs the error-cleanup provisioner, then the step cleanups, when a provisioner fails', async () => {
    const j: string[] = [];
    const build = fakeBuild('a', [{ id: 's1' }], j, {
      provision: true,
      provisioners: [
        { def: { type: 'x', config: {} }, factory: journalProvisioner(j, 'p0'), index: 0 },
        { def: { type: 'x', config: {} }, factory: journalProvisioner(j, 'p1', true), index: 1 },
        { def: { type: 'x', config: {} }, factory: journalProvisioner(j, 'p2'), index: 2 },
      ],
      cleanupProvisioner: { def: { type: 'x', config: {} }, factory: journalProvisioner(j, 'error-cleanup'), index: -1 },
    });
    const { result, events } = await run([build]);
    expect(j).toEqual(['a:run:s1', 'a:provision:p0', 'a:provision:p1', 'a:provision:error-cleanup', 'a:cleanup:s1']);
    expect(result.errors).toEqual([{ build: 'a', message: 'p1 failed' }]);
    const start = events.find((e) => e.type === 'build-start');
    expect(start && start.type === 'build-start' && start.steps.map((s) => s.id)).toEqual([
      'builder:s1',
      'connect',
      'provision:0',
      'provision:1',
      'provision:2',
    ]);
  });

  it('run-cleanup-provisioner runs the error-cleanup provisioner but no step cleanup; abort runs neither', async () => {
    for (const [mode, expected] of [
      ['run-cleanup-provisioner', ['a:run:s1', 'a:provision:p0', 'a:provision:error-cleanup']],
      ['abort', ['a:run:s1', 'a:provision:p0']],
    ] as const) {
      const j: string[] = [];
      const build = fakeBuild('a', [{ id: 's1' }], j, {
        provision: true,
        provisioners: [{ def: { type: 'x', config: {} }, factory: journalProvisioner(j, 'p0', true), index: 0 }],
        cleanupProvisioner: { def: { type: 'x', config: {} }, factory: journalProvisioner(j, 'error-cleanup'), index: -1 },
      });
      await run([build], mode);
      expect(j).toEqual(expected);
    }
  });

  it('retries a provisioner max_retries times (override is the template module\'s: not applied again here)', async () => {
    let calls = 0;
    const seen: unknown[] = [];
    const j: string[] = [];
    const build = fakeBuild('a', [], j, {
      provision: true,
      provisioners: [
        {
          def: { type: 'x', config: { v: 'base' }, maxRetries: 2, override: { a: { v: 'for-a' } } },
          factory: {
            create: (config) => ({
              async provision() {
                seen.push(config.v);
                if (++calls < 3) throw new Error('flaky');
              },
            }),
          },
          index: 0,
        },
      ],
    });
    const { result, events } = await run([build]);
    expect(result.errors).toEqual([]);
    expect(calls).toBe(3);
    expect(seen).toEqual(['base', 'base', 'base']);
    // Each attempt is a run of the step for the UIs: failed, started again (the dashboard says "retried ×2").
    const step = events.filter((e) => (e.type === 'step-start' || e.type === 'step-end') && e.step.startsWith('provision'))
      .map((e) => (e.type === 'step-end' ? `end ${e.status}${e.error ? ` ${e.error}` : ''}` : 'start'));
    expect(step).toEqual(['start', 'end failed flaky', 'start', 'end failed flaky', 'start', 'end done']);
  });

  it('gives provisioners the builder\'s HTTP address (PACKER_HTTP_ADDR)', async () => {
    const seen: (string | undefined)[] = [];
    const build = fakeBuild('a', [], [], {
      provision: true,
      provisioners: [{ def: { type: 'x', config: {} }, factory: { create: () => ({ provision: async (ctx) => void seen.push(ctx.conn.httpAddr) }) }, index: 0 }],
    });
    const inner = build.builder.create;
    build.builder = {
      create: (config, ctx) => {
        const b = inner(config, ctx);
        return {
          ...b,
          steps: (common) => [
            { id: 'builder:http', title: 'http', kind: 'builder', run: async (state) => (setState(state, STATE.http, { ip: '10.0.2.2', port: 8123 }), 'continue') },
            ...b.steps(common),
          ],
        };
      },
    };
    await run([build]);
    expect(seen).toEqual(['10.0.2.2:8123']);
  });

  it('pauses before a provisioner with pause_before, and says so', async () => {
    const j: string[] = [];
    const build = fakeBuild('a', [], j, {
      provision: true,
      provisioners: [{ def: { type: 'x', config: {}, pauseBefore: 30 }, factory: journalProvisioner(j, 'p0'), index: 0 }],
    });
    const { events } = await run([build]);
    expect(j).toEqual(['a:provision:p0']);
    const say = events.find((e) => e.type === 'log' && e.text.startsWith('Pausing'));
    expect(say).toMatchObject({ build: 'a', step: 'provision:0', level: 'say', text: 'Pausing 30ms before the next provisioner...' });
  });

  it('fails a provisioner that outlives its timeout', async () => {
    const j: string[] = [];
    const build = fakeBuild('a', [], j, {
      provision: true,
      provisioners: [
        {
          def: { type: 'x', config: {}, timeout: 50 },
          factory: { create: () => ({ provision: (ctx) => new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped')))) }) },
          index: 0,
        },
      ],
    });
    const { result } = await run([build]);
    expect(result.errors[0].message).toBe('Provisioner timed out after 50ms');
  });
});

describe('build list', () => {
  it('a build def without steps still starts and ends', async () => {
    const b = fakeBuild('solo', [], []);
    b.def = buildDef('solo');
    const { events } = await run([b]);
    expect(events.map((e) => e.type)).toEqual(['run-start', 'build-start', 'build-end', 'run-end']);
  });
});
