// Text <-> value for every schema field type. The wizard edits text; flags mode gets text from --set;
// both go through here so that they accept and refuse the same things.
import { isInlineHostList } from '../schema/path-kind.js';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { FieldSpec } from '../schema/types.js';
import { decodeBoolean, decodeField, decodeInteger, decodeNumber } from '../schema/decode.js';

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };


/** Interpolations are only known at build time: they skip the type checks. */
export function isTemplated(text: string): boolean {
  return text.includes('{{') || text.includes('${');
}

/** Field types whose text is several lines (one item a line). */
export function isMultiline(spec: FieldSpec): boolean {
  return spec.type === 'string[]' || spec.type === 'string|string[]' || spec.type === 'map';
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

function jsonOr(text: string, what: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: `expected ${what} written as JSON` };
  }
}

/** Parses a field's text. Empty text means "not set" (value undefined). */
export function parseValue(spec: FieldSpec, text: string): Parsed {
  const t = spec.type === 'string' || isMultiline(spec) ? text : text.trim();
  if (t.trim() === '') return { ok: true, value: undefined };
  switch (spec.type) {
    case 'string':
      return checkEnum(spec, t);
    case 'number':
    case 'integer': {
      if (isTemplated(t)) return { ok: true, value: t };
      // The SDK's grammar (strconv.ParseInt base 0 / ParseFloat), so the wizard and validate agree.
      const n = spec.type === 'integer' ? decodeInteger(t) : decodeNumber(t);
      if (n !== undefined) return { ok: true, value: n };
      if (spec.type === 'integer' && decodeNumber(t) !== undefined) return { ok: false, error: `"${t}" is not a whole number` };
      return { ok: false, error: `"${t}" is not a number` };
    }
    case 'boolean': {
      // The words a template may hold (strconv.ParseBool), so answers and templates agree.
      const v = decodeBoolean(t);
      return v === undefined ? { ok: false, error: `"${t}" is not true or false` } : { ok: true, value: v };
    }
    case 'duration':
      if (isTemplated(t)) return { ok: true, value: t };
      // Go's grammar: a bare number has no unit (and in a template would mean nanoseconds).
      if (/^\d+$/.test(t)) return { ok: false, error: `"${t}" needs a unit: write ${t}s, ${t}m or ${t}ms` };
      if (!decodeField(spec, t).ok) return { ok: false, error: `"${t}" is not a duration: write 30s, 5m, 1h30m or 500ms` };
      return { ok: true, value: t };
    case 'size':
      // Kept as typed ("20G"): the template holds the text, the SDK decodes it at build time.
      if (isTemplated(t)) return { ok: true, value: t };
      if (!decodeField(spec, t).ok) return { ok: false, error: `"${t}" is not a size: write megabytes (10240) or a number with K, M, G or T (20G)` };
      return { ok: true, value: t };
    case 'string[]':
      if (t.trim().startsWith('[')) return jsonOr(t.trim(), 'a list');
      return { ok: true, value: lines(t) };
    case 'string|string[]': {
      const ls = lines(t);
      return { ok: true, value: ls.length === 1 ? ls[0] : ls };
    }
    case 'number[]': {
      const parts = t.split(/[\s,]+/).filter(Boolean);
      const nums = parts.map(decodeInteger);
      const bad = parts.find((_, i) => nums[i] === undefined);
      return bad === undefined ? { ok: true, value: nums } : { ok: false, error: `"${bad}" is not a whole number` };
    }
    case 'map': {
      if (t.trim().startsWith('{')) return jsonOr(t.trim(), 'a map');
      const out: Record<string, string> = {};
      for (const l of lines(t)) {
        const eq = l.indexOf('=');
        if (eq <= 0) return { ok: false, error: `"${l}" is not KEY=VALUE` };
        out[l.slice(0, eq).trim()] = l.slice(eq + 1);
      }
      return { ok: true, value: out };
    }
    case 'any': {
      // A number, a list or a map written as JSON; anything else is the text itself ("40960M").
      const json = jsonOr(t, 'a value');
      if (json.ok || /^[[{"]/.test(t)) return json;
      return { ok: true, value: t };
    }
    default:
      return jsonOr(t, spec.type === 'object[]' ? 'a list of objects' : spec.type === 'string[][]' ? 'a list of lists' : 'a value');
  }
}

function checkEnum(spec: FieldSpec, t: string): Parsed {
  if (spec.enum && !isTemplated(t) && !spec.enum.includes(t)) {
    return { ok: false, error: `"${t}" is not one of ${spec.enum.join(', ')}` };
  }
  return { ok: true, value: t };
}

/** A parsed value's local-path check: the file or folder must exist (relative to baseDir). */
export function checkPath(spec: FieldSpec, value: unknown, baseDir: string): string | undefined {
  if (!spec.path || typeof value !== 'string' || isTemplated(value) || isInlineHostList(spec, value)) return undefined;
  const p = isAbsolute(value) ? value : resolve(baseDir, value);
  if (!existsSync(p)) return `${value}: no such ${spec.path === 'dir' ? 'folder' : 'file'}`;
  const st = statSync(p);
  if (spec.path === 'file' && !st.isFile()) return `${value} is not a file`;
  if (spec.path === 'dir' && !st.isDirectory()) return `${value} is not a folder`;
  return undefined;
}

/** Parse then check the path: what the wizard shows inline as you type. */
export function checkText(spec: FieldSpec, text: string, baseDir: string): Parsed {
  const p = parseValue(spec, text);
  if (!p.ok) return p;
  const bad = checkPath(spec, p.value, baseDir);
  return bad ? { ok: false, error: bad } : p;
}

/** A value as the text the wizard edits (the inverse of parseValue). */
export function formatValue(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (spec.type) {
    case 'string[]':
    case 'string|string[]':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('\n');
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'number[]':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'map':
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join('\n');
      }
      return JSON.stringify(value);
    case 'object':
    case 'object[]':
    case 'string[][]':
    case 'any':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return String(value);
  }
}

/** Deep equality for plain JSON values (to leave out values equal to the default). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
