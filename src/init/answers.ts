// What the wizard and flags mode collect: components, each with the text of its fields.
import type { ComponentKind, ComponentSchema, FieldSpec } from '../schema/types.js';
import type { Catalog } from './catalog.js';
import { asBuilder, communicatorsFor } from './catalog.js';
import { formatValue, parseValue } from './values.js';

export interface VariableChoice {
  name: string;
  sensitive: boolean;
}

export interface ComponentAnswer {
  kind: ComponentKind;
  type: string;
  /** Field -> its text as edited. A field missing here is left out of the template. */
  texts: Record<string, string>;
  /** Keys the schema does not declare (from a starter), written back as they were. */
  extra: Record<string, unknown>;
  /** Fields turned into template variables. */
  vars: Record<string, VariableChoice>;
  /** "String or list" fields a starter wrote as a list: a single item stays a list. */
  asList?: string[];
}

export interface BuilderAnswer extends ComponentAnswer {
  name?: string;
  communicator: ComponentAnswer;
  /** The starter named the communicator even though it is the builder's default: keep it written. */
  communicatorWritten?: boolean;
  /** Picked on the wizard's communicator screen (its cursor returns there, else it starts on the builder's default). */
  communicatorChosen?: boolean;
}

export interface PostProcessorAnswer extends ComponentAnswer {
  /** Runs on the artifact of the previous post-processor (same chain) instead of the builder's. */
  chained: boolean;
}

export interface Answers {
  description?: string;
  /** Variables of a starter that no single field stands for (used inside longer strings), kept as they were. */
  variables?: { name: string; default: unknown; sensitive: boolean }[];
  builders: BuilderAnswer[];
  provisioners: ComponentAnswer[];
  postProcessors: PostProcessorAnswer[];
}

/** Fields in the order the wizard asks them: required first, then the others, advanced last. */
export function orderedFields(schema: ComponentSchema): [string, FieldSpec][] {
  const rank = (f: FieldSpec) => (f.required ? 0 : f.advanced ? 2 : 1);
  return Object.entries(schema.fields)
    .map((e, i) => [e, i] as const)
    .sort((a, b) => rank(a[0][1]) - rank(b[0][1]) || a[1] - b[1])
    .map(([e]) => e);
}

/** The parsed config of the fields that have a value (texts that do not parse are left out). */
export function configOf(schema: ComponentSchema, a: ComponentAnswer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(a.texts)) {
    const spec = schema.fields[name];
    if (!spec) continue;
    const p = parseValue(spec, text);
    if (p.ok && p.value !== undefined) out[name] = p.value;
  }
  return out;
}

/** What the schema's cross-field check says about the answer's current values. */
export function checkMessages(schema: ComponentSchema, a: ComponentAnswer, baseDir: string): string[] {
  try {
    return schema.check?.(configOf(schema, a), { templateDir: baseDir }) ?? [];
  } catch {
    return [];
  }
}

/**
 * A new component with its defaults, and proposed values where a default is missing: the suggestion of every
 * required field, then suggestions of other fields one at a time while the schema's cross-field check still
 * complains (e.g. shell-local wants one of inline/script), and as a last resort an `echo` for an inline list.
 */
export function newComponent(schema: ComponentSchema, baseDir = process.cwd()): ComponentAnswer {
  const a: ComponentAnswer = { kind: schema.kind, type: schema.type, texts: {}, extra: {}, vars: {} };
  for (const [name, spec] of Object.entries(schema.fields)) {
    const v = spec.default !== undefined ? spec.default : spec.required ? spec.suggest : undefined;
    if (v !== undefined) a.texts[name] = formatValue(spec, v);
  }
  for (const [name, spec] of orderedFields(schema)) {
    if (checkMessages(schema, a, baseDir).length === 0) break;
    if (spec.suggest === undefined || a.texts[name] !== undefined) continue;
    a.texts[name] = formatValue(spec, spec.suggest);
    if (checkMessages(schema, a, baseDir).length > 0) delete a.texts[name];
  }
  const inline = schema.fields.inline;
  if (checkMessages(schema, a, baseDir).length > 0 && inline && inline.type.startsWith('string[]') && !a.texts.inline) {
    a.texts.inline = `echo 'hello from pack'`;
    if (checkMessages(schema, a, baseDir).length > 0) delete a.texts.inline;
  }
  return a;
}

/** Required fields that have no value yet. */
export function missingRequired(schema: ComponentSchema, a: ComponentAnswer): string[] {
  return Object.entries(schema.fields)
    .filter(([name, spec]) => spec.required && !a.vars[name] && (a.texts[name] ?? '').trim() === '')
    .map(([name]) => name);
}

/** A builder with its default communicator: the first one it supports whose questions all have answers. */
export function newBuilder(catalog: Catalog, type: string, baseDir = process.cwd()): BuilderAnswer {
  const def = asBuilder(catalog.find('builder', type));
  if (!def) throw new Error(`unknown builder ${type}`);
  const comms = communicatorsFor(catalog, def).map((c) => newCommunicator(catalog, c, baseDir));
  const ready = comms.find((c) => {
    const s = catalog.find('communicator', c.type);
    return !s || (missingRequired(s, c).length === 0 && checkMessages(s, c, baseDir).length === 0);
  });
  return { ...newComponent(def, baseDir), communicator: ready ?? comms[0] };
}

export function newCommunicator(catalog: Catalog, type: string, baseDir = process.cwd()): ComponentAnswer {
  const def = catalog.find('communicator', type);
  return def ? newComponent(def, baseDir) : { kind: 'communicator', type, texts: {}, extra: {}, vars: {} };
}

export function emptyAnswers(): Answers {
  return { builders: [], provisioners: [], postProcessors: [] };
}

/** Secret fields (the schema says sensitive) that have a value become sensitive variables, as the wizard does. */
export function secretsAsVariables(answers: Answers, catalog: Catalog): void {
  const all: ComponentAnswer[] = [
    ...answers.builders.flatMap((b) => [b, b.communicator]),
    ...answers.provisioners,
    ...answers.postProcessors,
  ];
  for (const a of all) {
    const schema = catalog.find(a.kind, a.type);
    for (const [name, text] of Object.entries(a.texts)) {
      if (schema?.fields[name]?.sensitive && text !== '' && !a.vars[name]) a.vars[name] = { name, sensitive: true };
    }
  }
}
