// Answers -> a neutral template document, then the Packer-JSON-shaped object that YAML and JSON files hold.
import type { ComponentSchema } from '../schema/types.js';
import type { Problem } from '../errors.js';
import type { Answers, ComponentAnswer } from './answers.js';
import { asBuilder, type Catalog } from './catalog.js';
import { parseValue, sameValue } from './values.js';

/** A field's value taken from a template variable. */
export class VarRef {
  constructor(readonly name: string) {}
}

export interface DocComponent {
  type: string;
  config: Record<string, unknown>;
  /** Fields that take "a string or a list": HCL2 wants the list form. */
  listFields?: string[];
}

export interface DocVariable {
  name: string;
  default: unknown;
  sensitive: boolean;
  description?: string;
}

export interface Doc {
  description?: string;
  variables: DocVariable[];
  /** `communicatorIsDefault`: the builder's own default, left out of the file (builders such as file take no such key). */
  builders: (DocComponent & { name?: string; communicator: DocComponent; communicatorIsDefault?: boolean })[];
  provisioners: DocComponent[];
  /** Chains: each inner list runs on the builder's artifact, step after step. */
  postProcessors: DocComponent[][];
  /**
   * Values of sensitive variables: never written into the template (its variable has no default, so a
   * build asks for it); given to the validator, and to a var file of mode 0600 when one is written.
   */
  secrets: Record<string, unknown>;
}

/** Builds the document; texts that do not parse become problems naming the field. */
export function buildDoc(answers: Answers, catalog: Catalog): { doc: Doc; problems: Problem[] } {
  const problems: Problem[] = [];
  const variables: DocVariable[] = (answers.variables ?? []).map((v) => ({ ...v }));
  const secrets: Record<string, unknown> = {};

  const component = (a: ComponentAnswer, where: string): DocComponent => {
    const schema: ComponentSchema | undefined = catalog.find(a.kind, a.type);
    const config: Record<string, unknown> = { ...a.extra };
    for (const [field, text] of Object.entries(a.texts)) {
      const spec = schema?.fields[field];
      if (!spec) {
        if (text !== '') config[field] = text;
        continue;
      }
      const p = parseValue(spec, text);
      if (!p.ok) {
        problems.push({ field: `${where}.${field}`, message: p.error });
        continue;
      }
      const v = a.vars[field];
      if (v) {
        const name = uniqueName(variables, v.name, p.value);
        if (!variables.some((x) => x.name === name)) {
          // An empty string stays a default (a required variable would make the template fail to validate).
          const def = p.value ?? (spec.type === 'string' && text === '' ? '' : null);
          const sensitive = v.sensitive || !!spec.sensitive;
          if (sensitive && def !== '' && def !== null) secrets[name] = def;
          variables.push({ name, default: sensitive ? null : def, sensitive, description: spec.description });
        }
        config[field] = new VarRef(name);
        continue;
      }
      if (p.value === undefined) continue;
      const value = typeof p.value === 'string' && a.asList?.includes(field) ? [p.value] : p.value;
      if (spec.default !== undefined && sameValue(value, spec.default)) continue;
      config[field] = value;
    }
    const listFields = Object.entries(schema?.fields ?? {}).filter(([, f]) => f.type === 'string|string[]').map(([k]) => k);
    return { type: a.type, config, ...(listFields.length ? { listFields } : {}) };
  };

  const builders = answers.builders.map((b, i) => ({
    type: b.type,
    ...(b.name ? { name: b.name } : {}),
    config: component(b, `builders[${i}]`).config,
    communicator: component(b.communicator, `builders[${i}]`),
    communicatorIsDefault: !b.communicatorWritten && asBuilder(catalog.find('builder', b.type))?.communicators[0] === b.communicator.type,
  }));
  const provisioners = answers.provisioners.map((p, i) => component(p, `provisioners[${i}]`));
  const postProcessors: DocComponent[][] = [];
  answers.postProcessors.forEach((p, i) => {
    const c = component(p, `post-processors[${i}]`);
    if (p.chained && postProcessors.length > 0) postProcessors[postProcessors.length - 1].push(c);
    else postProcessors.push([c]);
  });
  return {
    doc: { description: answers.description || undefined, variables, builders, provisioners, postProcessors, secrets },
    problems,
  };
}

/** Two fields may ask for the same variable name: the same value shares it, another value gets a suffix. */
function uniqueName(vars: DocVariable[], wanted: string, value: unknown): string {
  const base = wanted.replace(/[^A-Za-z0-9_-]/g, '_') || 'var';
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    const seen = vars.find((v) => v.name === name);
    if (!seen || sameValue(seen.default, value ?? null)) return name;
  }
}

/** Values with variable references written the Packer JSON way: {{user `name`}}. */
function jsonValue(v: unknown): unknown {
  if (v instanceof VarRef) return `{{user \`${v.name}\`}}`;
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return v;
}

/** The object a Packer JSON (or pack YAML) template holds. */
export function toPackerObject(doc: Doc, format: 'json' | 'yaml' = 'json'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (doc.description) out.description = doc.description;
  if (doc.variables.length > 0) {
    // A Packer JSON variable's default is a string; Packer decodes "true" or "22" into a boolean or number field.
    const text = (d: unknown) => (typeof d === 'number' || typeof d === 'boolean' ? String(d) : d);
    out.variables = Object.fromEntries(doc.variables.map((v) => [v.name, text(v.default)]));
    const secret = doc.variables.filter((v) => v.sensitive).map((v) => v.name);
    if (secret.length > 0) out['sensitive-variables'] = secret;
  }
  out.builders = doc.builders.map((b) => ({
    type: b.type,
    ...(b.name ? { name: b.name } : {}),
    ...(b.communicatorIsDefault ? {} : { communicator: b.communicator.type }),
    ...(jsonValue(b.config) as object),
    ...(jsonValue(b.communicator.config) as object),
  }));
  if (doc.provisioners.length > 0) {
    // Packer 1.6.6 refuses a provisioner `name` in JSON templates ("unknown configuration key"): leave it out.
    out.provisioners = doc.provisioners.map((p) => {
      const { name: _name, ...config } = p.config;
      return { type: p.type, ...(jsonValue(format === 'json' ? config : p.config) as object) };
    });
  }
  if (doc.postProcessors.length > 0) {
    out['post-processors'] = doc.postProcessors.map((chain) => {
      const items = chain.map((p) => ({ type: p.type, ...(jsonValue(p.config) as object) }));
      return items.length === 1 ? items[0] : items;
    });
  }
  return out;
}
