// Validates one component's config against its schema: types (weakly converted, as Packer's
// decoder does), enums, required fields, unknown fields ("did you mean"), paths, cross-field rules.
import { isInlineHostList } from './path-kind.js';
import { existsSync, statSync } from 'node:fs';
import type { Problem } from '../errors.js';
import type { SourcePos } from '../template/model.js';
import type { ComponentKind, ComponentSchema, FieldSpec } from './types.js';
import { findComponent, listComponents, suggest, suggestComponent } from '../components/registry.js';
import { keyPos, copyPositions } from '../template/positions.js';
import { decodeField } from './decode.js';
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
  // Not every name Packer knows (that list runs to dozens): pack's own, and what to do about a plugin's.
  const own = listComponents(kind).filter((c) => c.load !== undefined).map((c) => c.type).sort().join(', ');
  const plugin = kind === 'communicator' ? '' : ' If a Packer plugin provides it, name the plugin in packer { required_plugins } (HCL2; pack convert writes it) and let Packer run the build.';
  const hint = near ? ` Did you mean "${near}"?` : ` pack has these ${KIND_LIST[kind]}: ${own || 'none'}; Packer's own and its official plugins' are known too.${plugin}`;
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
  boolean: 'true or false (or 1/0, t/f, TRUE/FALSE, True/False)',
  duration: 'a duration such as "30s", "5m", "1h30m" or ".5s" (Go\'s grammar: a unit is required)',
  size: 'a size: megabytes, or a number with K, M, G or T ("10G")',
  'string[]': 'a list of strings',
  'string|string[]': 'a string or a list of strings',
  'number[]': 'a list of numbers',
  map: 'an object of string values',
  object: 'an object',
  'object[]': 'a list of objects',
  'string[][]': 'a list of lists of strings',
  any: 'any value',
};

/** A non-string field holding a run-time template ("{{ .HTTPPort }}"): decoded after rendering. */
function isDeferred(spec: FieldSpec, v: unknown): boolean {
  return hasRuntimeTemplate(v) && spec.type !== 'string' && spec.type !== 'string|string[]' && spec.type !== 'any';
}

/** Values that leave a field unset (its default applies), as Packer's Prepare treats zero values: "" for numbers and sizes, "0" for sizes. */
function isUnset(spec: FieldSpec, v: unknown): boolean {
  if (v === '' && (spec.type === 'integer' || spec.type === 'number' || spec.type === 'size')) return true;
  return spec.type === 'size' && (v === '0' || v === 0);
}

function decodeDefault(spec: FieldSpec): unknown {
  const d = decodeField(spec, structuredClone(spec.default));
  if (!d.ok) throw new Error(`schema error: the default ${JSON.stringify(spec.default)} is not ${TYPE_WORDS[spec.type]}`);
  return d.value;
}

/**
 * Decodes, at run time, the fields validation left for later (non-string fields holding a
 * template): `render` interpolates them, then each is decoded with the same grammar as
 * validation. Throws an Error naming the field when the rendered value is wrong.
 */
export function decodeDeferred(schema: ComponentSchema, config: Record<string, unknown>, render: (text: string) => string): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(config)) {
    const spec = schema.fields[k];
    if (!spec || !isDeferred(spec, v)) continue;
    const text = render(v as string);
    const c = isUnset(spec, text) ? { ok: true as const, value: undefined } : decodeField(spec, text);
    if (!c.ok) throw new Error(`${schema.type}: ${k} must be ${TYPE_WORDS[spec.type]}, not ${describe(text)} (from ${JSON.stringify(v)})`);
    out ??= { ...config };
    out[k] = isEmpty(c.value) && spec.default !== undefined ? decodeDefault(spec) : c.value;
  }
  return out ?? config;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function checkPath(spec: FieldSpec, value: unknown, dir: string): string | undefined {
  if (typeof value !== 'string' || value === '' || value.includes('{{') || isInlineHostList(spec, value)) return undefined;
  const full = resolveLocalPath(value, dir);
  if (!existsSync(full)) return `${JSON.stringify(value)} does not exist (looked in the working folder and in the template's folder, ${dir})`;
  const st = statSync(full);
  if (spec.path === 'file' && !st.isFile()) return `${JSON.stringify(value)} is not a file`;
  if (spec.path === 'dir' && !st.isDirectory()) return `${JSON.stringify(value)} is not a folder`;
  return undefined;
}

export interface Validated {
  config: Record<string, unknown>;
  problems: Problem[];
  /** What the component's check warned about (CheckContext.warn): the config is still valid. */
  warnings: string[];
}

/** Validates a config against a schema; returns the config with defaults applied, every problem and every warning. */
export function validateAgainst(schema: ComponentSchema, config: Record<string, unknown>, where: ValidateWhere): Validated {
  const problems: Problem[] = [];
  const warnings: string[] = [];
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
    if (isDeferred(spec, v)) {
      out[k] = v; // Rendered at run time, then decoded (decodeDeferred).
      continue;
    }
    // "" is an unset number (Packer's weak decoding reads it as 0, then applies the default).
    if (isUnset(spec, v)) continue;
    const c = decodeField(spec, v);
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
    if (isEmpty(out[k]) && spec.default !== undefined) out[k] = decodeDefault(spec);
    if (spec.required && isEmpty(out[k])) {
      typesOk = false;
      problems.push({ message: `missing required field "${k}": ${spec.description}`, pos: where.pos, field: where.field });
    }
  }
  if (typesOk && schema.check) {
    const ctx = { templateDir: where.templateDir, warn: (message: string) => void warnings.push(message) };
    for (const message of schema.check(out, ctx)) problems.push({ message, pos: where.pos, field: where.field });
  }
  return { config: out, problems, warnings };
}

export function validateComponent(kind: ComponentKind, type: string, config: Record<string, unknown>, where: ValidateWhere): Validated {
  const schema = findComponent(kind, type);
  if (!schema) return { config, problems: [unknownTypeProblem(kind, type, where)], warnings: [] };
  return validateAgainst(schema, config, where);
}
