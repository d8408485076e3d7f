// One conversion per field type, Packer's (packer-plugin-sdk template/config: mapstructure with
// WeaklyTypedInput): every value pack validate accepts is converted here once, and the build
// receives exactly that value. Grammars: durations as Go's time.ParseDuration (util/duration.ts),
// booleans as strconv.ParseBool, whole numbers as strconv.ParseInt(s, 0, 64), sizes as qemu's disk_size.
import type { FieldSpec, FieldType } from './types.js';
import { decodeDuration } from '../util/duration.js';

export type Decoded = { ok: true; value: unknown } | { ok: false };

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const fail: Decoded = { ok: false };
const ok = (value: unknown): Decoded => ({ ok: true, value });

/** Go's strconv.FormatFloat(f, 'f', -1, 64): shortest digits, never an exponent. */
export function goFloatString(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, rest = '', expText] = m;
  const digits = lead + rest;
  const exp = Number(expText);
  // JavaScript writes an exponent from 1e21 up, where the digits never reach the point.
  if (exp >= 0) return sign + digits.padEnd(exp + 1, '0');
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** Weak decoding into a Go string: numbers in plain digits, booleans as "1"/"0" (mapstructure's rule). */
export function decodeString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? goFloatString(v) : undefined;
  if (typeof v === 'boolean') return v ? '1' : '0';
  return undefined;
}

/** strconv.ParseBool's words; "" is false under weak decoding. */
const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False', '']);

/** Weak decoding into a Go bool: a number is true unless 0. */
export function decodeBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v !== 0 : undefined;
  if (typeof v === 'string') return TRUE_WORDS.has(v) ? true : FALSE_WORDS.has(v) ? false : undefined;
  return undefined;
}

/** strconv.ParseInt(s, 0, 64): a sign, then decimal, 0x/0o/0b/0-octal, "_" between digits. */
const GO_INT = /^[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?\d)*)$/;

function parseGoInt(s: string): number | undefined {
  if (!GO_INT.test(s)) return undefined;
  const negative = s.startsWith('-');
  let body = s.replace(/^[+-]/, '').replace(/_/g, '');
  if (/^0[0-7]/.test(body)) body = `0o${body.slice(1)}`; // a leading 0 is octal
  else if (/^0[oO]/.test(body)) body = `0o${body.slice(2)}`;
  const n = Number(BigInt(body));
  return negative ? -n : n;
}

/** Weak decoding into a Go int: a JSON number loses its fraction, true is 1, "" is 0. */
export function decodeInteger(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v === '' ? 0 : parseGoInt(v);
  return undefined;
}

/** strconv.ParseFloat's decimal forms (no spaces); weak decoding as for integers. */
export function decodeNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    if (v === '') return 0;
    return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(v) ? Number(v) : undefined;
  }
  return undefined;
}

/** qemu's disk_size (Packer 1.6.6): megabytes, or digits with a b/k/m/g/t unit; "" and "0" mean the default. */
export function decodeSize(v: unknown): string | undefined {
  const s = decodeString(v);
  if (s === undefined || !/^\d+[bkmgtBKMGT]?$/.test(s)) return undefined;
  return /\d$/.test(s) ? `${s}M` : s;
}

function list<T>(v: unknown, one: (x: unknown) => T | undefined): T[] | undefined {
  // Weak decoding lifts a single value into a list.
  const items = Array.isArray(v) ? v : [v];
  const out = items.map(one);
  return out.every((x) => x !== undefined) ? (out as T[]) : undefined;
}

const wrap = (x: unknown): Decoded => (x === undefined ? fail : ok(x));

const DECODERS: Record<FieldType, (v: unknown) => Decoded> = {
  any: ok,
  string: (v) => wrap(decodeString(v)),
  integer: (v) => wrap(decodeInteger(v)),
  number: (v) => wrap(decodeNumber(v)),
  boolean: (v) => wrap(decodeBoolean(v)),
  duration: (v) => wrap(decodeDuration(v)),
  size: (v) => wrap(decodeSize(v)),
  'string[]': (v) => wrap(list(v, decodeString)),
  'string|string[]': (v) => (Array.isArray(v) ? wrap(list(v, decodeString)) : wrap(decodeString(v))),
  'number[]': (v) => wrap(list(v, decodeInteger)),
  map: (v) => {
    if (!isObj(v)) return fail;
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      const s = decodeString(x);
      if (s === undefined) return fail;
      out[k] = s;
    }
    return ok(out);
  },
  object: (v) => (isObj(v) ? ok(v) : fail),
  'object[]': (v) => (Array.isArray(v) && v.every(isObj) ? ok(v) : fail),
  'string[][]': (v) => {
    if (!Array.isArray(v)) return fail;
    const out = v.map((row) => (Array.isArray(row) ? list(row, decodeString) : undefined));
    return out.every((r) => r !== undefined) ? ok(out) : fail;
  },
};

/** Converts a value to the field's type the way Packer's weak decoding does. */
export function decodeField(spec: FieldSpec, v: unknown): Decoded {
  return DECODERS[spec.type](v);
}
