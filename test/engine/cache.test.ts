// The engine's side of pack build -cache, in-process with a builder that keeps its saved
// "machines" in memory: points are saved after connect and after each provisioner; a rebuild resumes from the
// longest saved prefix and reports the covered provisioners as cached (with the time saved);
// a failure, -on-error=abort and Ctrl-C keep the points saved before; without -cache nothing is
// read or written; a builder that cannot cache says so and builds everything.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Builder, BuilderFactory, CacheableBuilder, ProvisionerFactory, StateBag } from '../../src/core/components.js';
import type { ResolvedBuild } from '../../src/core/resolve.js';
import type { OnErrorMode } from '../../src/core/components.js';
import { STATE, getState } from '../../src/core/components.js';
import { runBuilds } from '../../src/core/run.js';
import { CacheStore } from '../../src/cache/store.js';
import { buildDef, recordingBus } from './fake-build.js';

const root = mkdtempSync(join(tmpdir(), 'pack-engine-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
beforeEach(() => {
  process.env.XDG_CACHE_HOME = join(root, `c${n++}`);
});

/** Saved machines, by ref id: what a real builder keeps in its engine or disk files. */
const saved = new Map<string, string[]>();

function machineBuilder(opts: { cacheable?: boolean; started: string[] }): BuilderFactory {
  return {
    create(): Builder {
      const cache: CacheableBuilder = {
        cacheLookupBefore: 'fake:start',
        cacheInputs: async () => ({ image: 'base' }),
        async savePoint(key, state) {
          saved.set(key, [...(state.get('lines') as string[])]);
          return { ref: { kind: 'fake', id: key }, bytes: 1 };
        },
        async resumePoint(ref, state) {
          const lines = saved.get(String(ref.id));
          if (!lines) return 'gone';
          state.set('resume', lines);
          return 'resumed';
        },
      };
      return {
        ...(opts.cacheable === false ? {} : cache),
        steps: (common) => [
          {
            id: 'fake:start',
            title: 'start',
            kind: 'builder',
            async run(state: StateBag) {
              const from = state.get('resume') as string[] | undefined;
              const complete = getState(state, STATE.cacheComplete) === true ? ':nothing to run' : '';
              opts.started.push(from ? `resumed:${from.length}${complete}` : 'fresh');
              state.set('lines', from ? [...from] : []);
              return 'continue';
            },
          },
          common.connect(),
          common.provision(),
        ],
        artifact: () => undefined,
      };
    },
  };
}

/** A provisioner that succeeds, fails, or waits for Ctrl-C (what it did to the machine is the docker and qemu tests' concern). */
function lineProvisioner(line: string, behaviour: 'ok' | 'fail' | 'hang' = 'ok', onStart?: () => void): ProvisionerFactory {
  return {
    create: () => ({
      async provision(ctx) {
        onStart?.();
        if (behaviour === 'fail') throw new Error(`${line} failed`);
        if (behaviour === 'hang') await new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('cancelled'))));
      },
    }),
  };
}

function build(lines: string[], factory: BuilderFactory, opts: { fail?: number; hang?: number; onHang?: () => void } = {}): ResolvedBuild {
  const provisioners = lines.map((line, index) => {
    const behaviour = index === opts.fail ? 'fail' : index === opts.hang ? 'hang' : 'ok';
    return { def: { type: 'shell', config: { inline: [line] } }, factory: lineProvisioner(line, behaviour, index === opts.hang ? opts.onHang : undefined), index };
  });
  return {
    def: buildDef('b', { builderType: 'fake', provisioners: provisioners.map((p) => p.def) }),
    builder: factory,
    provisioners,
    chains: [],
  };
}

async function run(b: ResolvedBuild, o: { cache?: boolean; onError?: OnErrorMode; signal?: AbortSignal } = {}) {
  const { bus, events } = recordingBus();
  const template = { path: 't.yaml', dir: root, format: 'yaml' as const, variables: {}, builds: [b.def] };
  const result = await runBuilds({ template, bus, cache: o.cache ?? true, onError: o.onError, signal: o.signal }, [b]);
  const ends = events.flatMap((e) => (e.type === 'step-end' && e.step.startsWith('provision:') ? [e] : []));
  const buildEnd = events.find((e) => e.type === 'build-end');
  return { result, ends, buildEnd: buildEnd?.type === 'build-end' ? buildEnd : undefined, events };
}

describe('the engine with pack build -cache', () => {
  it('saves a point after connect and after each provisioner, and resumes from the longest prefix', async () => {
    const started: string[] = [];
    const factory = machineBuilder({ started });
    const cold = await run(build(['a', 'b', 'c'], factory));
    expect(cold.result.errors).toEqual([]);
    expect(await new CacheStore().entries()).toHaveLength(4);
    expect(cold.buildEnd?.cache).toMatchObject({ reusedSteps: 0, cacheableSteps: 3, savedPoints: 4 });

    const same = await run(build(['a', 'b', 'c'], factory));
    expect(same.ends.map((e) => e.status)).toEqual(['cached', 'cached', 'cached']);
    expect(same.ends.every((e) => typeof e.savedMs === 'number')).toBe(true);
    expect(same.buildEnd?.cache).toMatchObject({ reusedSteps: 3, savedPoints: 0 });

    const edited = await run(build(['a', 'b', 'C'], factory));
    expect(edited.ends.map((e) => e.status)).toEqual(['cached', 'cached', 'done']);
    expect(started).toEqual(['fresh', 'resumed:0:nothing to run', 'resumed:0']);
  });

  it('keeps the points before a failed provisioner, also with -on-error=abort, and resumes after them', async () => {
    const factory = machineBuilder({ started: [] });
    const failed = await run(build(['a', 'b', 'c'], factory, { fail: 2 }), { onError: 'abort' });
    expect(failed.result.errors).toHaveLength(1);
    expect(failed.ends.map((e) => e.status)).toEqual(['done', 'done', 'failed']);
    expect((await new CacheStore().entries()).map((e) => e.point).sort()).toEqual([0, 1, 2]);
    const fixed = await run(build(['a', 'b', 'c'], factory));
    expect(fixed.ends.map((e) => e.status)).toEqual(['cached', 'cached', 'done']);
  });

  it('keeps the points saved before Ctrl-C', async () => {
    const controller = new AbortController();
    const factory = machineBuilder({ started: [] });
    const r = await run(build(['a', 'b', 'c'], factory, { hang: 1, onHang: () => setTimeout(() => controller.abort(), 10) }), { signal: controller.signal });
    expect(r.result.cancelled).toBe(true);
    expect((await new CacheStore().entries()).map((e) => e.point).sort()).toEqual([0, 1]);
  });

  it('forgets a point whose machine is gone and builds from the one before', async () => {
    const factory = machineBuilder({ started: [] });
    await run(build(['a', 'b'], factory));
    const last = (await new CacheStore().entries()).find((e) => e.point === 2)!;
    saved.delete(last.key);
    const r = await run(build(['a', 'b'], factory));
    expect(r.ends.map((e) => e.status)).toEqual(['cached', 'done']);
    expect(r.events.some((e) => e.type === 'log' && e.text.includes('is gone'))).toBe(true);
  });

  it('reads and writes nothing without -cache', async () => {
    const started: string[] = [];
    await run(build(['a'], machineBuilder({ started })), { cache: false });
    await run(build(['a'], machineBuilder({ started })), { cache: false });
    expect(started).toEqual(['fresh', 'fresh']);
    expect(existsSync(join(process.env.XDG_CACHE_HOME!, 'pack'))).toBe(false);
  });

  it('says so when the builder cannot cache, and builds everything', async () => {
    const r = await run(build(['a'], machineBuilder({ started: [], cacheable: false })));
    expect(r.result.errors).toEqual([]);
    expect(r.events.some((e) => e.type === 'log' && e.text.includes('-cache has no effect'))).toBe(true);
    expect(r.buildEnd?.cache).toBeUndefined();
  });
});
