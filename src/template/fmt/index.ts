// Canonical text of a template file: YAML through the yaml Document API (comments kept),
// JSON re-indented with two spaces, HCL in `packer fmt`'s layout.
import { parseDocument } from 'yaml';
import { TemplateErrors } from '../../errors.js';
import { parseDataText } from '../load-data.js';
import { formatHcl } from './hcl.js';

export type FmtKind = 'yaml' | 'json' | 'hcl';

export function fmtKind(path: string): FmtKind | undefined {
  if (/\.(pkr|pkrvars)\.hcl$/.test(path)) return 'hcl';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  return undefined;
}

export async function formatText(text: string, file: string, kind: FmtKind): Promise<string> {
  if (kind === 'json') return JSON.stringify(await parseDataText(text, file, 'json'), null, 2) + '\n';
  if (kind === 'yaml') {
    await parseDataText(text, file, 'yaml'); // syntax errors with positions
    const doc = parseDocument(text, { keepSourceTokens: false });
    return doc.toString({ indent: 2, lineWidth: 0 });
  }
  // Refuse to reformat what HCL cannot parse: the result would be garbage.
  const { parseHclText } = await import('../hcl/parse.js');
  await parseHclText(file, text);
  return formatHcl(text);
}

export { TemplateErrors };
