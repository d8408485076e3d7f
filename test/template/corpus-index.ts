// The corpus index (test/fixtures/corpus/index.json, written by record-verdicts.mjs) and pack's verdict
// on one of its templates, shared by the corpus and convert tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/pack.js';
import { prepareTemplate } from '../../src/template/index.js';

export const CORPUS = join(REPO_ROOT, 'test/fixtures/corpus');

interface Known {
  pack: 'accepts' | 'rejects';
  /** What pack should answer, where that is not Packer 1.6.6's verdict (newer syntax). */
  target?: 'accepts' | 'rejects';
  why: string;
}
interface Verdict {
  ok: boolean;
  output: string;
}
export interface CorpusUnit {
  id: string;
  kind: 'json' | 'hcl-file' | 'hcl-folder';
  files: string[];
  usesOnlyPacks: boolean;
  packer: { validate: Verdict; syntaxOnly: Verdict };
  /** What pack says today where it differs from Packer 1.6.6 (or where Packer 1.6.6 is the odd one out), and why. */
  known?: { validate?: Known; syntaxOnly?: Known };
}
export const corpus: { units: CorpusUnit[]; fmt: Record<string, { ok: boolean; changes?: boolean }> } = JSON.parse(
  readFileSync(join(CORPUS, 'index.json'), 'utf8'),
);
export const unitPath = (u: CorpusUnit) => join(CORPUS, u.kind === 'hcl-folder' ? u.id : u.files[0]);

/** pack validate's verdict, in process (the CLI adds only printing). */
export async function packVerdict(u: CorpusUnit, syntaxOnly: boolean): Promise<{ ok: boolean; output: string }> {
  try {
    await prepareTemplate(unitPath(u), { vars: [], varFiles: [], env: {} }, { syntaxOnly });
    return { ok: true, output: '' };
  } catch (e) {
    return { ok: false, output: e instanceof Error ? e.message : String(e) };
  }
}
