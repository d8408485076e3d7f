// The template validator's verdict on a document before it is written: the document goes to a hidden
// temporary YAML file beside the target (so relative paths resolve as they will), through prepareTemplate
// (the same check as `pack validate`), and the temporary file is removed.
import { unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TemplateErrors, UserError, type Problem } from '../errors.js';
import type { Doc } from './document.js';
import { serialize } from './serialize.js';

let serial = 0;

/** Loads the template validator ahead of time (the wizard does it once its first frame is up). */
export function preloadValidator(): void {
  import('../template/index.js').catch(() => {
    // verifyDoc will report it when it is needed
  });
}

/** Problems prepareTemplate finds; positions name `shownAs` (the file that will be written). */
export async function verifyDoc(doc: Doc, baseDir: string, shownAs: string): Promise<Problem[]> {
  const { prepareTemplate } = await import('../template/index.js');
  const tmp = join(baseDir, `.pack-init-check-${process.pid}-${serial++}.yaml`);
  writeFileSync(tmp, serialize(doc, 'yaml'), { flag: 'wx' });
  try {
    // Secrets are not in the file: the validator gets them as a build would, as variables given.
    const vars = Object.entries(doc.secrets).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
    await prepareTemplate(tmp, { vars, varFiles: [], env: {} });
    return [];
  } catch (err) {
    const rename = (p: Problem): Problem => (p.pos ? { ...p, pos: { ...p.pos, file: basename(shownAs) } } : p);
    if (err instanceof TemplateErrors) return err.problems.map(rename);
    if (err instanceof UserError) return [{ message: err.message.split(tmp).join(basename(shownAs)) }];
    throw err;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}
