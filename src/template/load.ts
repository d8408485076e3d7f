// Picks the loader from the file name (or folder) and reads the template into the model.
import { stat } from 'node:fs/promises';
import { readFolder, readRegularFile, unreadableReason } from './read-file.js';
import { basename, dirname, resolve, join } from 'node:path';
import { TemplateErrors, UserError, type Problem } from '../errors.js';
import type { Template, TemplateFormat } from './model.js';
import { legacyToModel } from './legacy.js';

export function formatOf(path: string): TemplateFormat | undefined {
  if (/\.pkr\.(hcl|json)$/.test(path) || /\.pkrvars\.hcl$/.test(path)) return 'hcl';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  return undefined;
}

async function statOrFail(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    const why = unreadableReason(err);
    throw new UserError(`Error: template "${path}" ${why}. Give the path of a .yaml, .json or .pkr.hcl file, or of a folder of .pkr.hcl files.`);
  }
}

/** `what` names the file in errors: "template", "-var-file". */
export async function readTemplateText(path: string, what = 'template'): Promise<string> {
  const text = await readRegularFile(path, what);
  // An empty .pkr.hcl file is an empty body (Packer validates it, alone or in a folder); JSON and YAML need a document.
  if (text.trim() === '' && /\.pkr\.hcl$/.test(path)) return '';
  if (text.trim() === '') throw new TemplateErrors([{ message: 'the file is empty: a template needs at least one builder', pos: { file: path } }]);
  return text.replace(/^\uFEFF/, '');
}

/** Parse only: syntax and shape errors throw TemplateErrors with file:line:col. */
export async function loadTemplate(path: string): Promise<Template> {
  const { template, problems } = await loadTemplateLenient(path);
  if (problems.length) throw new TemplateErrors(problems);
  return template;
}

/** Loads what can be loaded; shape problems come back beside the template so that prepare reports them all at once. */
export async function loadTemplateLenient(path: string): Promise<{ template: Template; problems: Problem[] }> {
  const st = await statOrFail(path);
  if (st.isDirectory()) {
    const files = (await readFolder(path, 'template folder')).map((e) => e.name).filter((f) => /\.pkr\.(hcl|json)$/.test(f)).sort();
    if (files.length === 0) throw new UserError(`Error: the folder "${path}" holds no .pkr.hcl or .pkr.json file.`);
    const { loadHcl } = await import('./hcl/index.js');
    return loadHcl(files.map((f) => join(path, f)), path, resolve(path));
  }
  let format = formatOf(path);
  // The parser's chunks load while the file is read (jsonc-parser only for JSON and YAML).
  const hclLoader = format === 'hcl' ? import('./hcl/index.js') : undefined;
  const dataLoader = format === 'hcl' ? undefined : import('./load-data.js');
  void hclLoader?.catch(() => undefined); // awaited below, unless reading fails first
  void dataLoader?.catch(() => undefined);
  const text = await readTemplateText(path);
  // Packer reads HCL2 only from *.pkr.hcl (any other name as JSON): say so rather than what JSON or YAML make of it.
  if (format === undefined && /\.hcl$/i.test(path)) {
    const renamed = basename(path).replace(/\.hcl$/i, '.pkr.hcl');
    throw new TemplateErrors([{ message: `an HCL2 template's name must end in .pkr.hcl (Packer reads any other file as JSON): rename it ${renamed}`, pos: { file: path } }]);
  }
  if (format === 'hcl') {
    const { loadHcl } = await hclLoader!;
    return loadHcl([path], path, dirname(resolve(path)), text);
  }
  format ??= /^\s*\{/.test(text) ? 'json' : 'yaml';
  const { parseDataText } = await dataLoader!;
  const raw = await parseDataText(text, path, format);
  return legacyToModel(raw, path, dirname(resolve(path)), format);
}
