// `pack convert`: a template from one format into another, through Packer JSON's shape.
import { readFile, stat } from 'node:fs/promises';
import { TemplateErrors, UserError } from '../errors.js';
import { formatOf, loadTemplate, readTemplateText } from '../template/load.js';
import type { Template, TemplateFormat } from '../template/model.js';
import { readData, writeJson, writeYaml } from './data.js';
import { hclToLegacy } from './from-hcl.js';
import { foldAutoVarFiles } from './auto-vars.js';
import { legacyToHcl } from './to-hcl.js';
import { ConvertError } from './values.js';
import { GoTemplateSyntaxError } from '../template/gotemplate/parse.js';
import { HclExprError } from '../template/hcl/expr.js';
import type { Comments, LegacyDoc } from './legacy-doc.js';

export const FORMAT_NAMES: Record<TemplateFormat, string> = { yaml: 'YAML', json: 'Packer JSON', hcl: 'HCL2' };

/** The target's format from its name; HCL2 only as a .pkr.hcl file (Packer reads no other). */
export function targetFormat(path: string): TemplateFormat {
  if (/\.pkr\.hcl$/.test(path)) return 'hcl';
  if (/\.pkr\.json$/.test(path)) throw new UserError(`Error: ${path}: pack convert writes HCL2 as .pkr.hcl, not as JSON-syntax HCL2 (.pkr.json)`);
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  throw new UserError(`Error: ${path}: name the output .yaml, .json or .pkr.hcl, so that pack knows which format to write`);
}

/** Comment lines right above the line `line` (1-based) of an HCL2 file, without their "#" or "//". */
function commentsAbove(text: string[], line: number | undefined): string[] {
  const out: string[] = [];
  for (let i = (line ?? 0) - 2; i >= 0; i--) {
    const m = /^\s*(?:#|\/\/)(.*)$/.exec(text[i]);
    if (!m) break;
    out.unshift(m[1]);
  }
  return out;
}

async function hclComments(t: Template): Promise<Comments> {
  const comments: Comments = new Map();
  const files = new Map<string, string[]>();
  const linesOf = async (file: string) => {
    if (!files.has(file)) files.set(file, (await readFile(file, 'utf8')).replace(/\r\n/g, '\n').split('\n'));
    return files.get(file)!;
  };
  const put = async (key: string, pos: { file: string; line?: number } | undefined) => {
    if (!pos?.line) return;
    const c = commentsAbove(await linesOf(pos.file), pos.line);
    if (c.length) comments.set(key, c);
  };
  // The file's own head: comment lines at the very top, before a blank line.
  const first = t.builds[0]?.pos?.file ?? Object.values(t.variables)[0]?.pos?.file;
  if (first) {
    const text = await linesOf(first);
    const head: string[] = [];
    for (const l of text) {
      const m = /^\s*(?:#|\/\/)(.*)$/.exec(l);
      if (!m) break;
      head.push(m[1]);
    }
    if (head.length && text[head.length]?.trim() === '') comments.set('', head);
  }
  for (const v of Object.values(t.variables)) await put(`variables.${v.name}`, v.pos);
  for (const [i, b] of t.builds.entries()) await put(`builders.${i}`, b.pos);
  const b0 = t.builds[0];
  if (b0) {
    for (const [i, p] of b0.provisioners.entries()) await put(`provisioners.${i}`, p.pos);
    for (const [i, chain] of b0.postProcessors.entries()) await put(`post-processors.${i}`, chain[0]?.pos);
  }
  return comments;
}

/** What a template can hold that the target cannot say: one message naming the file and the text. */
function asUserError(e: unknown, file: string, to: TemplateFormat): unknown {
  if (e instanceof ConvertError || e instanceof GoTemplateSyntaxError || e instanceof HclExprError) {
    return new TemplateErrors([{ message: `cannot convert to ${FORMAT_NAMES[to]}: ${e.message}`, pos: { file } }]);
  }
  return e;
}

export interface Converted {
  text: string;
  from: TemplateFormat;
  to: TemplateFormat;
  warnings: string[];
}

export async function convertTemplate(fromPath: string, to: TemplateFormat): Promise<Converted> {
  const st = await stat(fromPath).catch(() => undefined);
  if (!st) throw new UserError(`Error: template "${fromPath}" does not exist`);
  const warnings: string[] = [];
  let from: TemplateFormat;
  let doc: LegacyDoc;
  let comments: Comments;
  if (st.isDirectory() || formatOf(fromPath) === 'hcl') {
    from = 'hcl';
    if (to === 'hcl') throw new UserError(`Error: ${fromPath} is HCL2 already: to lay it out, run pack fmt ${fromPath}`);
    const t = await loadTemplate(fromPath);
    await foldAutoVarFiles(t, fromPath, warnings);
    try {
      doc = hclToLegacy(t, warnings);
    } catch (e) {
      throw asUserError(e, fromPath, to);
    }
    comments = await hclComments(t);
  } else {
    const text = await readTemplateText(fromPath);
    from = formatOf(fromPath) ?? (/^\s*\{/.test(text) ? 'json' : 'yaml');
    await loadTemplate(fromPath); // the shape must be a template's: errors placed in the file
    ({ doc, comments } = await readData(text, fromPath, from as 'json' | 'yaml'));
  }
  if (to === 'json') dropProvisionerNames(doc, warnings);
  let text: string;
  try {
    text = to === 'hcl' ? legacyToHcl(doc, comments, warnings) : to === 'json' ? writeJson(doc, comments) : writeYaml(doc, comments);
  } catch (e) {
    throw asUserError(e, fromPath, to);
  }
  return { text, from, to, warnings };
}

/**
 * Packer 1.6.6 refuses a provisioner `name` in a JSON template ("unknown configuration key"): the JSON is
 * written without it, as the wizard writes it, and the warning says which names were left out.
 */
function dropProvisionerNames(doc: LegacyDoc, warnings: string[]): void {
  const all = [...(doc.provisioners ?? []), ...(doc['error-cleanup-provisioner'] ? [doc['error-cleanup-provisioner']] : [])];
  for (const p of all) {
    if (!('name' in p)) continue;
    warnings.push(`provisioner "${String(p.type)}" named "${String(p.name)}": the name is left out, as Packer 1.6.6 refuses a provisioner name in JSON templates`);
    delete p.name;
  }
}
