// hcp_packer_registry blocks (Packer 1.7+; top level since 1.12.1, inside a build block before): pack accepts
// them with the checks Packer makes when it reads them, and publishes nothing to HCP Packer.
import { formatPos, type Problem } from '../../errors.js';
import type { SourcePos } from '../model.js';
import type { HclDoc } from './parse.js';
import { bodies, type Evaluate } from './build-model.js';

const LABEL = 'hcp_packer_registry';
const BUCKET_NAME = /^[a-zA-Z0-9-]{3,36}$/;

const isNonEmptyMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0;

function checkOne(body: Record<string, unknown>, evaluate: Evaluate, pos: SourcePos, problems: Problem[], warnings: Set<string>): void {
  const value = (k: string) => (body[k] === undefined ? undefined : evaluate(body[k], undefined, `${LABEL}.${k}`, pos));
  const name = value('bucket_name');
  const description = value('description');
  // Packer leaves an empty bucket_name alone: HCP_PACKER_BUCKET_NAME can give it.
  if (typeof name === 'string' && name !== '' && !BUCKET_NAME.test(name)) {
    problems.push({ message: `can only contain between 3 and 36 ASCII letters, numbers and hyphens, not ${JSON.stringify(name)}`, pos, field: `${LABEL}.bucket_name` });
  }
  if (typeof description === 'string' && description.length > 255) {
    problems.push({ message: `should have a maximum length of 255 characters (it has ${description.length})`, pos, field: `${LABEL}.description` });
  }
  const labels = value('labels');
  if (isNonEmptyMap(labels) && isNonEmptyMap(value('bucket_labels'))) {
    problems.push({ message: `labels and bucket_labels are mutually exclusive: keep bucket_labels`, pos, field: `${LABEL}.labels` });
  } else if (isNonEmptyMap(labels)) warnings.add(`${formatPos(pos)}: ${LABEL}.labels is deprecated: name it bucket_labels`);
}

/** Checks the top-level block and those of build blocks (one of each at most); warns that pack ignores them. */
export function checkHcpRegistries(docs: HclDoc[], evaluate: Evaluate, problems: Problem[], warnings: Set<string>): void {
  let first: SourcePos | undefined;
  const visit = (blocks: unknown, scans: { type: string; line: number; column: number }[], file: string, where: string) => {
    const list = bodies(blocks);
    const at = scans.filter((s) => s.type === LABEL);
    list.forEach((body, i) => {
      const s = at[i] ?? at[0];
      const pos: SourcePos = s ? { file, line: s.line, column: s.column } : { file };
      first ??= pos;
      if (i > 0) problems.push({ message: `only one ${LABEL} block is allowed ${where}`, pos, field: LABEL });
      else checkOne(body, evaluate, pos, problems, warnings);
    });
  };
  for (const doc of docs) {
    visit(doc.body[LABEL], doc.blocks, doc.file, 'in a file');
    const buildScans = doc.blocks.filter((b) => b.type === 'build');
    bodies(doc.body.build).forEach((b, i) => visit(b[LABEL], buildScans[i]?.children ?? [], doc.file, 'in a build block'));
  }
  if (first) warnings.add(`${formatPos(first)}: ${LABEL}: pack does not publish builds to HCP Packer; the block is checked and otherwise ignored (packer.versionFingerprint and packer.iterationID are empty)`);
}
