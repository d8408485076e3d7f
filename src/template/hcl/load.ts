// HCL2 templates (a .pkr.hcl/.pkr.json file or a folder of them) into the model, values unevaluated.
import type { Problem } from '../../errors.js';
import type { SourcePos, Template, VariableDef } from '../model.js';
import { parseHclFiles, type HclDoc } from './parse.js';
import { goDir } from './functions/files.js';
import { hclBuilds, bodies, placeBody } from './build-model.js';
import { typeText } from './types.js';
import { keyPos } from '../positions.js';
import { satisfies } from '../version-constraint.js';
import { PACKER_COMPAT_VERSION } from '../gotemplate/funcs.js';

const docsOf = new WeakMap<Template, HclDoc[]>();
export const hclDocs = (t: Template) => docsOf.get(t);
const baseDirOf = new WeakMap<Template, string>();
/** Packer's base directory: the folder as the user gave it, or the file's folder ("." beside it); path.root. */
export const hclBaseDir = (t: Template) => baseDirOf.get(t) ?? t.dir;

const TOP = new Set(['packer', 'variable', 'variables', 'locals', 'local', 'source', 'build', 'data', 'hcp_packer_registry']);

/** The newest Packer whose HCL2 language pack follows (functions, data, required_plugins...). */
export const PACKER_LANGUAGE_VERSION = '1.16.0';

export interface RequiredPlugin {
  name: string;
  source: string;
  version?: string;
  pos: SourcePos;
}
export interface DataBlock {
  type: string;
  name: string;
  body: Record<string, unknown>;
  pos: SourcePos;
}
const pluginsOf = new WeakMap<Template, RequiredPlugin[]>();
const dataOf = new WeakMap<Template, DataBlock[]>();
export const hclRequiredPlugins = (t: Template) => pluginsOf.get(t) ?? [];
export const hclDataBlocks = (t: Template) => dataOf.get(t) ?? [];

export function hclVariables(
  docs: HclDoc[],
  problems: Problem[],
  plugins: RequiredPlugin[] = [],
  data: DataBlock[] = [],
): { variables: Record<string, VariableDef>; locals: NonNullable<Template['locals']> } {
  const variables: Record<string, VariableDef> = {};
  const locals: NonNullable<Template['locals']> = {};
  for (const doc of docs) {
    for (const key of Object.keys(doc.body)) {
      if (!TOP.has(key)) {
        const hint = ' (expected: variable, locals, local, source, data, build, packer, hcp_packer_registry)';
        const scan = doc.blocks.find((b) => b.type === key);
        problems.push({ message: `unsupported block type "${key}"${hint}`, pos: scan ? { file: doc.file, line: scan.line, column: scan.column } : { file: doc.file } });
      }
    }
    for (const block of bodies(doc.body.packer)) {
      const scan = doc.blocks.find((b) => b.type === 'packer');
      const pos = scan ? { file: doc.file, line: scan.line, column: scan.column } : { file: doc.file };
      for (const k of Object.keys(block)) {
        if (k !== 'required_version' && k !== 'required_plugins') problems.push({ message: `unsupported argument "${k}" in the packer block (required_version, required_plugins)`, pos, field: 'packer' });
      }
      for (const group of bodies(block.required_plugins)) {
        for (const [name, req] of Object.entries(group)) {
          const r = bodies(req)[0];
          if (!r || typeof r.source !== 'string') {
            problems.push({ message: `required plugin "${name}" needs a source such as "github.com/hashicorp/${name}"`, pos, field: `packer.required_plugins.${name}` });
            continue;
          }
          plugins.push({ name, source: r.source, version: typeof r.version === 'string' ? r.version : undefined, pos });
        }
      }
      const rv = block.required_version;
      if (rv === undefined) continue;
      // Packer 1.6.6's templates and those of the Packer whose language pack follows are both accepted.
      const ok = typeof rv === 'string' ? [PACKER_COMPAT_VERSION, PACKER_LANGUAGE_VERSION].map((v) => satisfies(v, rv)) : [undefined];
      if (ok.includes(undefined)) problems.push({ message: `required_version must be a version constraint such as ">= 1.6.0", not ${JSON.stringify(rv)}`, pos, field: 'packer.required_version' });
      else if (!ok.includes(true)) problems.push({ message: `this template requires Packer ${rv}; pack runs templates of Packer ${PACKER_COMPAT_VERSION} to ${PACKER_LANGUAGE_VERSION}`, pos, field: 'packer.required_version' });
    }
    const dataScans = doc.blocks.filter((b) => b.type === 'data');
    const dataBlocks = doc.body.data;
    if (dataBlocks !== undefined && !(dataBlocks && typeof dataBlocks === 'object' && !Array.isArray(dataBlocks))) {
      problems.push({ message: 'data blocks need two labels: data "TYPE" "NAME" { ... }', pos: { file: doc.file } });
    } else if (dataBlocks) {
      for (const [type, byName] of Object.entries(dataBlocks)) {
        if (!byName || typeof byName !== 'object' || Array.isArray(byName)) {
          problems.push({ message: `data "${type}" needs a name: data "${type}" "NAME" { ... }`, pos: { file: doc.file } });
          continue;
        }
        for (const [name, bs] of Object.entries(byName)) {
          const body = { ...bodies(bs)[0] };
          const pos = placeBody(body, doc.file, dataScans.find((s) => s.labels[0] === type && s.labels[1] === name));
          if (bodies(bs).length > 1 || data.some((d) => d.type === type && d.name === name)) problems.push({ message: `duplicate data block "data.${type}.${name}"`, pos, field: `data.${type}.${name}` });
          else data.push({ type, name, body, pos });
        }
      }
    }
    const vars = doc.body.variable;
    const scans = doc.blocks.filter((b) => b.type === 'variable');
    if (vars && typeof vars === 'object' && !Array.isArray(vars)) {
      for (const [name, bs] of Object.entries(vars)) {
        const body = { ...bodies(bs)[0] };
        const pos = placeBody(body, doc.file, scans.find((s) => s.labels[0] === name));
        const second = bodies(bs).length > 1 ? scans.filter((s) => s.labels[0] === name)[1] : undefined;
        if (bodies(bs).length > 1) problems.push({ message: `duplicate variable "${name}": a variable can be declared once`, pos: second ? { file: doc.file, line: second.line, column: second.column } : pos, field: `variable "${name}"` });
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
        if ('default' in body) {
          def.default = body.default;
          const at = keyPos(body, 'default');
          if (at) def.defaultPos = at;
        }
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
      for (const [name, v] of Object.entries(block)) {
        if (variables[name]) problems.push({ message: `duplicate variable "${name}": a variable can be declared once`, pos: { file: doc.file }, field: `variables.${name}` });
        else variables[name] = { name, required: false, sensitive: false, default: v, pos: { file: doc.file } };
      }
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
  const plugins: RequiredPlugin[] = [];
  const data: DataBlock[] = [];
  const { variables, locals } = hclVariables(docs, problems, plugins, data);
  const builds = hclBuilds(docs, (v) => v, problems);
  const template: Template = { path, dir, format: 'hcl', variables, builds, locals };
  docsOf.set(template, docs);
  pluginsOf.set(template, plugins);
  dataOf.set(template, data);
  baseDirOf.set(template, text === undefined && files[0] !== path ? path : goDir(path));
  return { template, problems };
}
