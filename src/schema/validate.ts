// Validates one component's config against its schema: types (weakly converted, as Packer's
// decoder does), enums, required fields, unknown fields ("did you mean"), paths, cross-field rules.
import { existsSync, statSync } from 'node:fs';
import type { Problem } from '../errors.js';
import type { SourcePos } from '../template/model.js';
import type { ComponentKind, ComponentSchema, FieldSpec } from './types.js';
import { findComponent, listComponents, suggest, suggestComponent } from '../components/registry.js';
import { keyPos, copyPositions } from '../template/positions.js';
import { parseDuration } from './duration.js';
import { resolveLocalPath } from '../template/local-path.js';
import { packerPlugin, packerComponentNames, notSupportedMessage } from '../template/packer-catalog.js';

export interface ValidateWhere {
  /** "builders[0]", "source.null.x", "provisioners[2]". */
  field: string;
  pos?: SourcePos;
  templateDir: string;
  /** Keys the caller handled itself (common options), accepted without a schema entry. */
  extraKeys?: readonly string[];
  /** More names for "did you mean" (a builder block also holds communicator fields). */
  suggestFrom?: readonly string[];
  /** The build this component belongs to (named in the -except hint for components pack lacks). */
  build?: string;
}

const KIND_LIST: Record<ComponentKind, string> = {
  builder: 'builders',
  communicator: 'communicators',
  provisioner: 'provisioners',
  'post-processor': 'post-processors',
};

export function unknownTypeProblem(kind: ComponentKind, type: string, where: ValidateWhere): Problem {
  // A real Packer component pack does not implement is not a typo.
  if (kind !== 'communicator' && packerPlugin(kind, type)) return { message: notSupportedMessage(kind, type, where.build), pos: where.pos, field: where.field };
  const near = suggestComponent(kind, type) ?? (kind !== 'communicator' ? suggest(type, packerComponentNames(kind)) : undefined);
  const known = listComponents(kind).map((c) => c.type).sort().join(', ');
  const hint = near ? ` Did you mean "${near}"?` : ` Known ${KIND_LIST[kind]}: ${known || 'none yet'}.`;
  return { message: `unknown ${kind} type "${type}".${hint}`, pos: where.pos, field: where.field };
}

export const hasRuntimeTemplate = (v: unknown) => typeof v === 'string' && v.includes('{{');

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  duration: 'a duration such as "30s", "5m" or "1h30m"',
  'string[]': 'a list of strings',
  'string|string[]': 'a string or a list of strings',
  'number[]': 'a list of numbers',
  map: 'an object of string values',
  object: 'an object',
  'object[]': 'a list of objects',
  'string[][]': 'a list of lists of strings',
  any: 'any value',
};

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Converts a value to the field's type the way Packer's weak decoding does; undefined = wrong type. */
export function coerce(spec: FieldSpec, v: unknown): { ok: true; value: unknown } | { ok: false } {
  const yes = { ok: true as const };
  const asString = (x: unknown): string | undefined =>
    typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : undefined;
  switch (spec.type) {
    case 'any':
      return { ...yes, value: v };
    case 'string': {
      const s = asString(v);
      return s === undefined ? { ok: false } : { ...yes, value: s };
    }
    case 'number':
    case 'integer': {
      let n: number | undefined;
      if (typeof v === 'number') n = v;
      else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) n = Number(v);
      else if (typeof v === 'boolean') n = v ? 1 : 0;
      if (n === undefined || !Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n))) return { ok: false };
      return { ...yes, value: n };
    }
    case 'boolean': {
      if (typeof v === 'boolean') return { ...yes, value: v };
      if (typeof v === 'number') return { ...yes, value: v !== 0 };
      if (typeof v === 'string') {
        const l = v.toLowerCase();
        if (['true', '1', 't'].includes(l)) return { ...yes, value: true };
        if (['false', '0', 'f', ''].includes(l)) return { ...yes, value: false };
      }
      return { ok: false };
    }
    case 'duration':
      if (typeof v === 'number') return { ...yes, value: `${v}s` };
      return typeof v === 'string' && parseDuration(v) !== undefined ? { ...yes, value: v } : { ok: false };
    case 'string[]': {
      // Packer's weak decoding lifts a single value into a list.
      if (!Array.isArray(v)) {
        const one = asString(v);
        return one === undefined ? { ok: false } : { ...yes, value: [one] };
      }
      const out = v.map(asString);
      return out.every((s) => s !== undefined) ? { ...yes, value: out } : { ok: false };
    }
    case 'string|string[]': {
      const s = asString(v);
      if (s !== undefined) return { ...yes, value: s };
      if (!Array.isArray(v)) return { ok: false };
      const out = v.map(asString);
      return out.every((x) => x !== undefined) ? { ...yes, value: out } : { ok: false };
    }
    case 'number[]': {
      const list = Array.isArray(v) ? v : [v];
      const out = list.map((x) => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN));
      return out.every((n) => Number.isFinite(n)) ? { ...yes, value: out } : { ok: false };
    }
    case 'map': {
      if (!isObj(v)) return { ok: false };
      const out: Record<string, string> = {};
      for (const [k, x] of Object.entries(v)) {
        const s = asString(x);
        if (s === undefined) return { ok: false };
        out[k] = s;
      }
      return { ...yes, value: out };
    }
    case 'object':
      return isObj(v) ? { ...yes, value: v } : { ok: false };
    case 'object[]':
      return Array.isArray(v) && v.every(isObj) ? { ...yes, value: v } : { ok: false };
    case 'string[][]': {
      if (!Array.isArray(v)) return { ok: false };
      const out = v.map((row) => (Array.isArray(row) ? row.map(asString) : undefined));
      return out.every((r) => r !== undefined && r.every((s) => s !== undefined)) ? { ...yes, value: out } : { ok: false };
    }
  }
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function checkPath(spec: FieldSpec, value: unknown, dir: string): string | undefined {
  if (typeof value !== 'string' || value === '' || value.includes('{{')) return undefined;
  const full = resolveLocalPath(value, dir);
  if (!existsSync(full)) return `${JSON.stringify(value)} does not exist (looked in the working folder and in the template's folder, ${dir})`;
  const st = statSync(full);
  if (spec.path === 'file' && !st.isFile()) return `${JSON.stringify(value)} is not a file`;
  if (spec.path === 'dir' && !st.isDirectory()) return `${JSON.stringify(value)} is not a folder`;
  return undefined;
}

/** Validates a config against a schema; returns the config with defaults applied and every problem. */
export function validateAgainst(schema: ComponentSchema, config: Record<string, unknown>, where: ValidateWhere): { config: Record<string, unknown>; problems: Problem[] } {
  const problems: Problem[] = [];
  const out: Record<string, unknown> = {};
  copyPositions(config, out);
  const posOf = (k: string) => keyPos(config, k) ?? where.pos;
  const fieldName = (k: string) => `${where.field}.${k}`;
  let typesOk = true;
  for (const [k, v] of Object.entries(config)) {
    const spec = schema.fields[k];
    if (!spec) {
      if (where.extraKeys?.includes(k)) continue;
      const near = suggest(k, [...Object.keys(schema.fields), ...(where.suggestFrom ?? [])]);
      problems.push({
        message: `unknown configuration key "${k}" for ${schema.kind} "${schema.type}".${near ? ` Did you mean "${near}"?` : ''}`,
        pos: posOf(k),
        field: fieldName(k),
      });
      continue;
    }
    if (v === null || v === undefined) continue;
    if (hasRuntimeTemplate(v) && spec.type !== 'string' && spec.type !== 'string|string[]' && spec.type !== 'any') {
      out[k] = v; // Rendered at run time: its type is checked then.
      continue;
    }
    const c = coerce(spec, v);
    if (!c.ok) {
      typesOk = false;
      problems.push({ message: `must be ${TYPE_WORDS[spec.type]}, not ${describe(v)}`, pos: posOf(k), field: fieldName(k) });
      continue;
    }
    if (spec.enum && typeof c.value === 'string' && !c.value.includes('{{') && !spec.enum.includes(c.value)) {
      typesOk = false;
      const near = suggest(c.value, spec.enum);
      problems.push({
        message: `must be one of ${spec.enum.map((e) => JSON.stringify(e)).join(', ')}, not ${JSON.stringify(c.value)}.${near ? ` Did you mean "${near}"?` : ''}`,
        pos: posOf(k),
        field: fieldName(k),
      });
      continue;
    }
    if (spec.path) {
      const bad = checkPath(spec, c.value, where.templateDir);
      if (bad) problems.push({ message: bad, pos: posOf(k), field: fieldName(k) });
    }
    out[k] = c.value;
  }
  for (const [k, spec] of Object.entries(schema.fields)) {
    if (isEmpty(out[k]) && spec.default !== undefined) out[k] = structuredClone(spec.default);
    if (spec.required && isEmpty(out[k])) {
      typesOk = false;
      problems.push({ message: `missing required field "${k}": ${spec.description}`, pos: where.pos, field: where.field });
    }
  }
  if (typesOk && schema.check) {
    for (const message of schema.check(out, { templateDir: where.templateDir })) problems.push({ message, pos: where.pos, field: where.field });
  }
  return { config: out, problems };
}

export function validateComponent(kind: ComponentKind, type: string, config: Record<string, unknown>, where: ValidateWhere): { config: Record<string, unknown>; problems: Problem[] } {
  const schema = findComponent(kind, type);
  if (!schema) return { config, problems: [unknownTypeProblem(kind, type, where)] };
  return validateAgainst(schema, config, where);
}
