// The review screen's verdict and flags mode's last check: the document against the component schemas.
// (When the template loader's prepareTemplate is available, verdict() also runs the written file through it.)
import type { ComponentKind, ComponentSchema, FieldSpec } from '../schema/types.js';
import type { Problem } from '../errors.js';
import type { Catalog } from './catalog.js';
import { asBuilder } from './catalog.js';
import { VarRef, type Doc, type DocComponent } from './document.js';
import { checkPath, isTemplated } from './values.js';
import { compatibilityProblems } from './compat.js';
import { decodeField } from '../schema/decode.js';

/** Options every provisioner / post-processor / builder takes besides its own fields. */
const COMMON: Record<ComponentKind, string[]> = {
  builder: ['name'],
  communicator: [],
  provisioner: ['override'],
  'post-processor': [],
};

/** The SDK's decoding decides (the same as validate and the build), so the wizard accepts what they accept. */
function typeOk(spec: FieldSpec, v: unknown): boolean {
  if (typeof v === 'string' && isTemplated(v)) return true;
  return decodeField(spec, v).ok;
}

function checkComponent(
  catalog: Catalog, kind: ComponentKind, c: DocComponent, where: string, baseDir: string,
  defaults: Map<string, unknown>, extraFields: Record<string, FieldSpec> = {},
): Problem[] {
  const schema: ComponentSchema | undefined = catalog.find(kind, c.type);
  if (!schema) {
    const known = catalog.list(kind).map((d) => d.type).join(', ') || 'none';
    return [{ field: `${where}.type`, message: `unknown ${kind} type "${c.type}" (known: ${known})` }];
  }
  const problems: Problem[] = [];
  const resolved: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(c.config)) {
    const v = raw instanceof VarRef ? defaults.get(raw.name) : raw;
    resolved[k] = v;
    const spec = schema.fields[k] ?? extraFields[k];
    if (!spec) {
      if (!COMMON[kind].includes(k)) problems.push({ field: `${where}.${k}`, message: `unknown field for ${kind} ${c.type}` });
      continue;
    }
    if (v === null || v === undefined) continue;
    if (!typeOk(spec, v)) problems.push({ field: `${where}.${k}`, message: `expected ${spec.type}` });
    else if (spec.enum && typeof v === 'string' && !isTemplated(v) && !spec.enum.includes(v)) {
      problems.push({ field: `${where}.${k}`, message: `must be one of ${spec.enum.join(', ')}` });
    } else {
      const bad = checkPath(spec, v, baseDir);
      if (bad) problems.push({ field: `${where}.${k}`, message: bad });
    }
  }
  for (const [k, spec] of Object.entries(schema.fields)) {
    if (spec.required && (c.config[k] === undefined || c.config[k] === '')) {
      problems.push({ field: `${where}.${k}`, message: 'required: give a value' });
    }
  }
  if (problems.length === 0 && schema.check) {
    for (const m of schema.check(resolved, { templateDir: baseDir })) problems.push({ field: where, message: m });
  }
  return problems;
}

/** Everything wrong with the document, by the component schemas. Empty = valid. */
export function checkDoc(doc: Doc, catalog: Catalog, baseDir: string): Problem[] {
  const problems: Problem[] = [];
  const defaults = new Map(doc.variables.map((v) => [v.name, v.name in doc.secrets ? doc.secrets[v.name] : v.default]));
  if (doc.builders.length === 0) problems.push({ field: 'builders', message: 'at least one builder is required' });
  doc.builders.forEach((b, i) => {
    const where = `builders[${i}]`;
    problems.push(...checkComponent(catalog, 'builder', b, where, baseDir, defaults));
    const def = asBuilder(catalog.find('builder', b.type));
    if (def && !def.communicators.includes(b.communicator.type)) {
      problems.push({
        field: `${where}.communicator`,
        message: `builder ${b.type} cannot use communicator "${b.communicator.type}" (it supports ${def.communicators.join(', ')})`,
      });
    } else if (catalog.find('communicator', b.communicator.type)) {
      problems.push(...checkComponent(catalog, 'communicator', b.communicator, where, baseDir, defaults));
    }
  });
  doc.provisioners.forEach((p, i) => problems.push(...checkComponent(catalog, 'provisioner', p, `provisioners[${i}]`, baseDir, defaults)));
  doc.postProcessors.flat().forEach((p, i) =>
    problems.push(...checkComponent(catalog, 'post-processor', p, `post-processors[${i}]`, baseDir, defaults)));
  const names = doc.builders.map((b) => b.name ?? b.type);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) problems.push({ field: 'builders', message: `two builders are named "${dup}": give each a name` });
  if (problems.length === 0) problems.push(...compatibilityProblems(doc));
  return problems;
}
