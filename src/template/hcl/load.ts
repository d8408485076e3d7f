// HCL2 templates (a .pkr.hcl/.pkr.json file or a folder of them) into the model, values unevaluated.
import type { Problem } from '../../errors.js';
import type { Template, VariableDef } from '../model.js';
import { parseHclFiles, type HclDoc } from './parse.js';
import { goDir } from './functions/files.js';
import { hclBuilds, bodies, placeBody } from './build-model.js';
import { typeText } from './types.js';
import { satisfies } from '../version-constraint.js';
import { PACKER_COMPAT_VERSION } from '../gotemplate/funcs.js';

const docsOf = new WeakMap<Template, HclDoc[]>();
export const hclDocs = (t: Template) => docsOf.get(t);
const baseDirOf = new WeakMap<Template, string>();
/** Packer's base directory: the folder as the user gave it, or the file's folder ("." beside it); path.root. */
export const hclBaseDir = (t: Template) => baseDirOf.get(t) ?? t.dir;

const TOP = new Set(['packer', 'variable', 'variables', 'locals', 'local', 'source', 'build']);

export function hclVariables(docs: HclDoc[], problems: Problem[]): { variables: Record<string, VariableDef>; locals: NonNullable<Template['locals']> } {
  const variables: Record<string, VariableDef> = {};
  const locals: NonNullable<Template['locals']> = {};
  for (const doc of docs) {
    for (const key of Object.keys(doc.body)) {
      if (!TOP.has(key)) {
        const hint = key === 'data' ? ' (data sources came with Packer 1.7; pack follows Packer 1.6.6)' : ' (expected: variable, locals, source, build, packer)';
        const scan = doc.blocks.find((b) => b.type === key);
        problems.push({ message: `unsupported block type "${key}"${hint}`, pos: scan ? { file: doc.file, line: scan.line, column: scan.column } : { file: doc.file } });
      }
    }
    for (const block of bodies(doc.body.packer)) {
      const scan = doc.blocks.find((b) => b.type === 'packer');
      const pos = scan ? { file: doc.file, line: scan.line, column: scan.column } : { file: doc.file };
      for (const k of Object.keys(block)) {
        if (k !== 'required_version') problems.push({ message: `unsupported argument "${k}" in the packer block (Packer 1.6.6 knows required_version)`, pos, field: 'packer' });
      }
      const rv = block.required_version;
      if (rv === undefined) continue;
      const ok = typeof rv === 'string' ? satisfies(PACKER_COMPAT_VERSION, rv) : undefined;
      if (ok === undefined) problems.push({ message: `required_version must be a version constraint such as ">= 1.6.0", not ${JSON.stringify(rv)}`, pos, field: 'packer.required_version' });
      else if (!ok) problems.push({ message: `this template requires Packer ${rv}; pack runs templates of Packer ${PACKER_COMPAT_VERSION}`, pos, field: 'packer.required_version' });
    }
    const vars = doc.body.variable;
    const scans = doc.blocks.filter((b) => b.type === 'variable');
    if (vars && typeof vars === 'object' && !Array.isArray(vars)) {
      for (const [name, bs] of Object.entries(vars)) {
        const body = { ...bodies(bs)[0] };
        const pos = placeBody(body, doc.file, scans.find((s) => s.labels[0] === name));
        if (variables[name]) {
          problems.push({ message: `duplicate variable "${name}"`, pos, field: `variable "${name}"` });
          continue;
        }
        for (const k of Object.keys(body)) {
          if (!['default', 'type', 'description', 'sensitive', 'validation'].includes(k)) {
            problems.push({ message: `unsupported argument "${k}" in a variable block (default, type, description, sensitive, validation)`, pos, field: `variable "${name}"` });
          }
        }
        const def: VariableDef = { name, required: !('default' in body), sensitive: body.sensitive === true || body.sensitive === 'true', pos };
        if ('default' in body) def.default = body.default;
        if (typeof body.description === 'string') def.description = body.description;
        const t = typeText(body.type);
        if (t) def.type = t;
        const vals = bodies(body.validation);
        if (vals.length) {
          def.validations = vals.map((v) => ({ condition: String(v.condition ?? ''), errorMessage: String(v.error_message ?? ''), pos }));
        }
        variables[name] = def;
      }
    }
    // `variables { name = default }` blocks.
    for (const block of bodies(doc.body.variables)) {
      for (const [name, v] of Object.entries(block)) variables[name] ??= { name, required: false, sensitive: false, default: v, pos: { file: doc.file } };
    }
    const localScans = doc.blocks.filter((b) => b.type === 'locals');
      // `local "name" { expression = ..., sensitive = true }` blocks.
    const single = doc.body.local;
    if (single && typeof single === 'object' && !Array.isArray(single)) {
      const scansL = doc.blocks.filter((b) => b.type === 'local');
      for (const [name, bs] of Object.entries(single)) {
        const body = bodies(bs)[0] ?? {};
        const pos = placeBody({ ...body }, doc.file, scansL.find((s) => s.labels[0] === name));
        if (locals[name]) problems.push({ message: `duplicate local "${name}"`, pos, field: `local.${name}` });
        if (!('expression' in body)) problems.push({ message: 'a local block needs an "expression"', pos, field: `local "${name}"` });
        locals[name] = { value: body.expression, pos, sensitive: body.sensitive === true };
      }
    }
    bodies(doc.body.locals).forEach((block, i) => {
      const pos = placeBody({ ...block }, doc.file, localScans[i]);
      for (const [name, value] of Object.entries(block)) {
        const sc = localScans[i]?.attrs.get(name);
        if (locals[name]) problems.push({ message: `duplicate local "${name}"`, pos, field: `local.${name}` });
        locals[name] = { value, pos: sc ? { file: doc.file, ...sc } : pos };
      }
    });
  }
  return { variables, locals };
}

/** Loads what can be loaded; problems in the blocks come back beside the template (syntax errors throw). */
export async function loadHcl(files: string[], path: string, dir: string, text?: string): Promise<{ template: Template; problems: Problem[] }> {
  const docs = await parseHclFiles(files, text);
  const problems: Problem[] = [];
  const { variables, locals } = hclVariables(docs, problems);
  const builds = hclBuilds(docs, (v) => v, problems);
  if (builds.length === 0 && problems.length === 0) problems.push({ message: 'no build block: a template needs at least one build { sources = [...] }', pos: { file: files[0] } });
  const template: Template = { path, dir, format: 'hcl', variables, builds, locals };
  docsOf.set(template, docs);
  baseDirOf.set(template, text === undefined && files[0] !== path ? path : goDir(path));
  return { template, problems };
}
