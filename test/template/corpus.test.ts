// The corpus of public templates (test/fixtures/corpus, provenance in sources.json) against Packer 1.6.6's
// recorded verdicts (index.json, written by record-verdicts.mjs): pack fmt byte for byte on every HCL2
// file, and pack validate's verdict on every template that uses only components pack has. A difference
// pack has today is listed in the index as `known` with a reason; the test fails when one goes away too,
// so that the list stays true.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/pack.js';
import { requirePacker, runPacker, tempDir } from './tools.js';
import { formatHcl } from '../../src/template/fmt/hcl.js';
import { formatText } from '../../src/template/fmt/index.js';
import { CORPUS, corpus, packVerdict } from './corpus-index.js';

const PACKER_FMT = join(REPO_ROOT, 'test/fixtures/corpus-packer-fmt');

describe('pack fmt on the corpus', () => {
  const files = Object.entries(corpus.fmt);
  it('has the HCL2 files of the corpus', () => expect(files.length).toBeGreaterThan(200));
  it('writes what packer fmt 1.6.6 wrote, byte for byte, on every HCL2 file', () => {
    const differ: string[] = [];
    for (const [f, v] of files) {
      if (!v.ok) continue;
      const expected = readFileSync(v.changes ? join(PACKER_FMT, f) : join(CORPUS, f), 'utf8');
      if (formatHcl(readFileSync(join(CORPUS, f), 'utf8')) !== expected) differ.push(f);
      if (formatHcl(expected) !== expected) differ.push(`${f} (packer fmt's output is not a fixed point)`);
    }
    expect(differ).toEqual([]);
  });
  it('refuses, as packer fmt does, the files that do not parse', async () => {
    for (const [f, v] of files.filter(([, v]) => !v.ok)) {
      await expect(formatText(readFileSync(join(CORPUS, f), 'utf8'), f, 'hcl'), f).rejects.toThrow();
    }
  });

  describe('against the live packer fmt, on a sample', () => {
    const tmp = tempDir('corpus-fmt');
    beforeAll(() => requirePacker());
    afterAll(() => tmp.cleanup());
    it('agrees on every 12th file', () => {
      const sample = files.filter(([, v]) => v.ok).filter((_, k) => k % 12 === 0);
      expect(sample.length).toBeGreaterThan(15);
      for (const [f] of sample) {
        const copy = join(tmp.dir, 'sample.pkr.hcl');
        copyFileSync(join(CORPUS, f), copy);
        const mine = formatHcl(readFileSync(copy, 'utf8'));
        expect(runPacker(['fmt', 'sample.pkr.hcl'], tmp.dir).code, f).toBe(0);
        expect(mine, f).toBe(readFileSync(copy, 'utf8'));
      }
    });
  });
});

describe('pack validate on the corpus gives Packer 1.6.6 verdicts', () => {
  const units = corpus.units.filter((u) => u.usesOnlyPacks);
  /** Entries pack outgrew: the verdict it reached, or undefined when that is Packer's (the entry goes). */
  const pruned: [string, 'syntaxOnly' | 'validate', 'accepts' | 'rejects' | undefined][] = [];
  afterAll(() => {
    if (!pruned.length) return;
    const index = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as typeof corpus;
    for (const [id, check, reached] of pruned) {
      const u = index.units.find((x) => x.id === id)!;
      // Reaching the target (not Packer 1.6.6's verdict) keeps the difference, now at its target.
      if (reached) u.known![check]!.pack = reached;
      else delete u.known![check];
      if (Object.keys(u.known!).length === 0) delete u.known;
    }
    writeFileSync(join(CORPUS, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  });
  it('has templates that use only components pack has', () => {
    expect(units.length).toBeGreaterThan(60);
    expect(corpus.units.length).toBeGreaterThan(150);
    for (const u of corpus.units) for (const f of u.files) expect(existsSync(join(CORPUS, f)), f).toBe(true);
  });
  for (const check of ['syntaxOnly', 'validate'] as const) {
    it(`${check === 'validate' ? 'validate' : 'validate -syntax-only'}: the same verdict, or the known difference`, async () => {
      const wrong: string[] = [];
      for (const u of units) {
        const packer = u.packer[check];
        const pack = await packVerdict(u, check === 'syntaxOnly');
        const known = u.known?.[check];
        const said = pack.ok ? 'accepts' : `rejects: ${pack.output.split('\n').slice(0, 3).join(' | ')}`;
        if (!known && pack.ok !== packer.ok) wrong.push(`${u.id}: Packer ${packer.ok ? 'accepts' : 'rejects'}, pack ${said}`);
        if (known && pack.ok !== (known.pack === 'accepts')) {
          // Progress (pack now gives Packer's verdict, or the target): CORPUS_PRUNE_KNOWN=1 removes the entry.
          const progress = pack.ok === packer.ok || (known.target !== undefined && pack.ok === (known.target === 'accepts'));
          if (progress && process.env.CORPUS_PRUNE_KNOWN) pruned.push([u.id, check, pack.ok === packer.ok ? undefined : pack.ok ? 'accepts' : 'rejects']);
          else wrong.push(`${u.id}: pack now ${said}; update or remove "known.${check}" (${known.why}) in index.json${progress ? ' (CORPUS_PRUNE_KNOWN=1 does it)' : ''}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
