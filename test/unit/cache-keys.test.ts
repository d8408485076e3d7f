// Cache keys as a hash chain, over random templates and random edits: changing one input of the
// key (the builder's machine settings, a provisioner's config or environment, the content of a
// file it uploads or runs) changes the key of that point and of every point after it, and of
// none before it. Uses the real shell and file provisioners' cacheInputs and real files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKeys } from '../../src/cache/session.js';
import { canonicalJson, hashPath } from '../../src/cache/keys.js';
import type { ResolvedBuild, ResolvedProvisioner } from '../../src/core/resolve.js';
import { provisioner as shell } from '../../src/components/provisioners/shell/index.js';
import { provisioner as file } from '../../src/components/provisioners/file/index.js';
import { provisioner as shellLocal } from '../../src/components/provisioners/shell-local/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pack-cache-keys-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ProvSpec {
  kind: 'inline' | 'script' | 'upload';
  env: string[];
  text: string;
  /** The local file's content (script or upload). */
  content: string;
}

interface Spec {
  builder: { image: string; memory: number; bootCommand: string };
  provs: ProvSpec[];
}

const word = fc.string({ minLength: 1, maxLength: 8 });
const provSpec = fc.record({
  kind: fc.constantFrom('inline' as const, 'script' as const, 'upload' as const),
  env: fc.array(word.map((w) => `V=${w}`), { maxLength: 2 }),
  text: word,
  content: fc.string({ maxLength: 20 }),
});
const spec = fc.record({
  builder: fc.record({ image: word, memory: fc.integer({ min: 64, max: 4096 }), bootCommand: word }),
  provs: fc.array(provSpec, { minLength: 1, maxLength: 5 }),
});

/** Writes the spec's files under a folder of its own and returns the build. */
function materialize(s: Spec, folder: string): ResolvedBuild {
  const provisioners: ResolvedProvisioner[] = s.provs.map((p, index) => {
    const local = `p${index}.txt`;
    if (p.kind !== 'inline') writeFileSync(join(folder, local), p.content);
    const config: Record<string, unknown> =
      p.kind === 'upload'
        ? { source: local, destination: `/tmp/${p.text}` }
        : p.kind === 'script'
          ? { script: local, environment_vars: p.env }
          : { inline: [p.text], environment_vars: p.env };
    return { def: { type: p.kind === 'upload' ? 'file' : 'shell', config }, factory: p.kind === 'upload' ? file : shell, index };
  });
  return {
    def: {
      name: 'b',
      builderName: 'b',
      sourceName: 'b',
      builderType: 'qemu',
      config: {},
      communicator: { type: 'ssh', config: {} },
      provisioners: provisioners.map((p) => p.def),
      postProcessors: [],
    },
    builder: { create: () => ({ steps: () => [], artifact: () => undefined }) },
    provisioners,
    chains: [],
  };
}

let n = 0;
async function keysOf(s: Spec): Promise<string[]> {
  const folder = mkdtempSync(join(dir, `t${n++}-`));
  return buildKeys(materialize(s, folder), s.builder, folder);
}

/** An edit of one input, and the point it belongs to (0: the builder's; i: the i-th provisioner's). */
type Edit = { point: number; apply(s: Spec): Spec };

function edits(s: Spec): fc.Arbitrary<Edit> {
  const clone = (x: Spec): Spec => JSON.parse(JSON.stringify(x));
  const builderEdit = fc.constantFrom('image' as const, 'memory' as const, 'bootCommand' as const).map(
    (field): Edit => ({
      point: 0,
      apply: (x) => {
        const y = clone(x);
        if (field === 'memory') y.builder.memory += 1;
        else y.builder[field] += '!';
        return y;
      },
    }),
  );
  const provEdit = fc.integer({ min: 0, max: s.provs.length - 1 }).chain((i) => {
    const p = s.provs[i];
    const fields: ('env' | 'text' | 'content')[] = p.kind === 'inline' ? ['env', 'text'] : p.kind === 'script' ? ['env', 'content'] : ['text', 'content'];
    return fc.constantFrom(...fields).map(
      (field): Edit => ({
        point: i + 1,
        apply: (x) => {
          const y = clone(x);
          if (field === 'env') y.provs[i].env = [...y.provs[i].env, 'SECRET=changed'];
          else y.provs[i][field] += '!';
          return y;
        },
      }),
    );
  });
  return fc.oneof(builderEdit, provEdit);
}

describe('cache keys', () => {
  it('an edit changes the key of its point and of every point after it, and of none before', async () => {
    await fc.assert(
      fc.asyncProperty(
        spec.chain((s) => fc.tuple(fc.constant(s), edits(s))),
        async ([s, edit]) => {
          const before = await keysOf(s);
          const after = await keysOf(edit.apply(s));
          expect(after).toHaveLength(before.length);
          for (let i = 0; i < before.length; i++) {
            if (i < edit.point) expect(after[i], `point ${i} before the edit at ${edit.point}`).toBe(before[i]);
            else expect(after[i], `point ${i} at or after the edit at ${edit.point}`).not.toBe(before[i]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the same template in another folder, with object keys in another order, has the same keys', async () => {
    const s: Spec = { builder: { image: 'i', memory: 256, bootCommand: 'b' }, provs: [{ kind: 'upload', env: [], text: 'x', content: 'c' }] };
    const a = await keysOf(s);
    const b = await keysOf(JSON.parse(JSON.stringify(s)));
    expect(b).toEqual(a);
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it('a provisioner that acts on this machine ends the cacheable prefix', async () => {
    const folder = mkdtempSync(join(dir, 'local-'));
    const build = materialize({ builder: { image: 'i', memory: 1, bootCommand: '' }, provs: [{ kind: 'inline', env: [], text: 'a', content: '' }] }, folder);
    build.provisioners.push(
      { def: { type: 'shell-local', config: { inline: ['touch here'] } }, factory: shellLocal, index: 1 },
      { def: { type: 'shell', config: { inline: ['after'] } }, factory: shell, index: 2 },
    );
    expect(await buildKeys(build, {}, folder)).toHaveLength(2);
  });

  it('hashes a folder by names, modes and contents', async () => {
    const folder = mkdtempSync(join(dir, 'tree-'));
    writeFileSync(join(folder, 'a'), 'one');
    const h1 = await hashPath(folder);
    writeFileSync(join(folder, 'a'), 'two');
    const h2 = await hashPath(folder);
    expect(h2).not.toBe(h1);
    expect(await hashPath(join(folder, 'nope'))).toBe('missing');
  });
});
