// `pack cache` as a person meets it: an empty cache, a listing, removal by key prefix, and the
// mistakes (unknown subcommand, a bad size or age, an unknown key) as one clear line and exit 1.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPack } from '../helpers/pack.js';
import { CacheStore } from '../../src/cache/store.js';

const home = mkdtempSync(join(tmpdir(), 'pack-cache-cmd-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const pack = (...args: string[]) => runPack(['cache', ...args], { env: { XDG_CACHE_HOME: home } });

describe('pack cache', () => {
  it('lists, removes by key prefix, and says what it removed', async () => {
    expect((await pack('ls')).stdout).toContain(`The build cache is empty (${join(home, 'pack')})`);
    const store = new CacheStore(join(home, 'pack'));
    const base = { builderType: 'docker', build: 'b', template: 't.yaml', title: 'shell', ref: { kind: 'gone-already' }, bytes: 2048, createdAt: Date.now(), lastUsedAt: Date.now(), stepMs: 1, totalMs: 1 };
    await store.put({ ...base, key: 'abcdef0123', point: 0 });
    await store.put({ ...base, key: 'abcdef9999', point: 1 });
    const ls = await pack('ls');
    expect(ls.stdout).toMatch(/abcdef0123 +docker +b +0 +shell +2\.0 KiB/);
    expect(ls.stdout).toContain('2 points, 4.0 KiB');

    const ambiguous = await pack('rm', 'abcdef');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('"abcdef" matches 2 points: give more characters');
    const rm = await pack('rm', 'abcdef01');
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toContain('Removed 1 point (2.0 KiB)');
    expect((await store.entries()).map((e) => e.key)).toEqual(['abcdef9999']);
  });

  it('turns mistakes into one line and exit 1', async () => {
    for (const [args, text] of [
      [['nope'], 'unknown subcommand "nope"'],
      [['prune', '--max-size', 'ten'], 'flag --max-size: "ten" is not a size'],
      [['prune', '--older-than', 'soon'], 'flag --older-than: "soon" is not an age'],
      [['rm', '0123456789'], 'no point has a key starting with "0123456789"'],
    ] as const) {
      const r = await pack(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(text);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
