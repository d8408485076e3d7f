// The cache index (parallel writers lose nothing, a damaged file starts a new cache), the choice
// of points to prune (age, then least recently used beyond a size), and the limits' syntax.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheStore, cacheHome, type CacheEntry } from '../../src/cache/store.js';
import { pickVictims, removeEntries } from '../../src/cache/prune.js';
import { parseAge, parseSize } from '../../src/cache/limits.js';
import { listing } from '../../src/commands/cache.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'pack-cache-store-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function entry(key: string, over: Partial<CacheEntry> = {}): CacheEntry {
  return {
    key,
    builderType: 'docker',
    build: 'b',
    template: 't.yaml',
    point: 0,
    title: 'step',
    ref: { kind: 'none-such' },
    bytes: 100,
    createdAt: 0,
    lastUsedAt: 0,
    stepMs: 1000,
    totalMs: 1000,
    ...over,
  };
}

describe('cache store', () => {
  it('lives under $XDG_CACHE_HOME/pack', () => {
    expect(cacheHome({ XDG_CACHE_HOME: '/x' })).toBe('/x/pack');
  });

  it('keeps every entry of parallel writers, and touches and takes them', async () => {
    const store = new CacheStore(tmp());
    await Promise.all(Array.from({ length: 20 }, (_, i) => new CacheStore(store.dir).put(entry(`k${i}`))));
    expect((await store.entries()).map((e) => e.key).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`).sort());
    await store.touch(['k3'], 42);
    expect((await store.get('k3'))?.lastUsedAt).toBe(42);
    const taken = await store.take(['k3', 'k4']);
    expect(taken.map((e) => e.key).sort()).toEqual(['k3', 'k4']);
    expect(await store.get('k3')).toBeUndefined();
  });

  it('starts a new index when the file is damaged', async () => {
    const store = new CacheStore(tmp());
    writeFileSync(join(store.dir, 'index.json'), '{ not json');
    expect(await store.entries()).toEqual([]);
    await store.put(entry('a'));
    expect((await store.entries()).map((e) => e.key)).toEqual(['a']);
  });

  it('removes entries whose storage has an unknown kind, and lists what is left', async () => {
    const store = new CacheStore(tmp());
    await store.put(entry('aaaaaa1', { title: 'shell: inline' }));
    await store.put(entry('bbbbbb2', { point: 1 }));
    const r = await removeEntries(store, ['aaaaaa1']);
    expect(r.removed.map((e) => e.key)).toEqual(['aaaaaa1']);
    const text = listing(await store.entries(), store.dir, 3_600_000);
    expect(text).toContain('bbbbbb2');
    expect(text).not.toContain('aaaaaa1');
    expect(text).toContain('1 points, 100 B');
  });
});

describe('pruning', () => {
  const entries = [
    entry('old', { lastUsedAt: 0, bytes: 10 }),
    entry('mid', { lastUsedAt: 50, bytes: 10 }),
    entry('new', { lastUsedAt: 100, bytes: 10 }),
  ];
  it('without rules takes everything', () => {
    expect(pickVictims(entries, { now: 100 }).map((e) => e.key)).toEqual(['old', 'mid', 'new']);
  });
  it('takes points older than the age', () => {
    expect(pickVictims(entries, { now: 100, olderThanMs: 60 }).map((e) => e.key)).toEqual(['old']);
  });
  it('evicts the least recently used until the rest fits, never a kept one', () => {
    expect(pickVictims(entries, { now: 100, maxBytes: 15 }).map((e) => e.key)).toEqual(['old', 'mid']);
    expect(pickVictims(entries, { now: 100, maxBytes: 15, keep: ['old'] }).map((e) => e.key)).toEqual(['mid', 'new']);
  });
});

describe('limits', () => {
  it('reads sizes and ages', () => {
    expect(parseSize('10G')).toBe(10 * 1024 ** 3);
    expect(parseSize('500MiB')).toBe(500 * 1024 ** 2);
    expect(parseSize('1234')).toBe(1234);
    expect(parseSize('ten')).toBeUndefined();
    expect(parseAge('7d')).toBe(7 * 86_400_000);
    expect(parseAge('36h')).toBe(36 * 3_600_000);
    expect(parseAge('soon')).toBeUndefined();
  });
});
