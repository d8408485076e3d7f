// Argument checking and go-cty's conversions for HCL2 functions: each function declares its
// parameters (name and type); a value of another type is converted as cty converts it (a number
// where a string is wanted becomes its decimal text) or refused with an error naming the call.

export type HclFunc = (...args: unknown[]) => unknown;

export type ParamType = 'string' | 'number' | 'bool' | 'list' | 'map' | 'any' | 'list(string)' | 'list(number)' | 'list(bool)' | 'map(string)';

export interface Param {
  name: string;
  type: ParamType;
  /** cty's AllowNull: null passes through instead of being an error. */
  allowNull?: boolean;
}

/** An error in one call: the evaluator prefixes nothing, so the message names the function itself. */
export class FunctionError extends Error {}

export const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'tuple';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** A number as cty writes it in text: decimal, never in exponent notation. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  // The shortest digits that give the number back (as Go's 'f' format with precision -1), never an exponent.
  const s = String(n);
  if (!/e/.test(s)) return s;
  const [mant, expText] = s.split('e');
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace(/^-/, '').replace('.', '');
  const intLen = mant.replace(/^-/, '').split('.')[0].length + exp;
  const text = intLen <= 0 ? '0.' + '0'.repeat(-intLen) + digits : intLen >= digits.length ? digits + '0'.repeat(intLen - digits.length) : digits.slice(0, intLen) + '.' + digits.slice(intLen);
  return (neg ? '-' : '') + text;
}

const NUMBER_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export function toStringValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}
export function toNumberValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMBER_TEXT.test(v)) return Number(v);
  return undefined;
}
export function toBoolValue(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return undefined;
}

function convertParam(v: unknown, type: ParamType): { ok: true; v: unknown } | { ok: false; want: string } {
  const elem = (want: string, conv: (x: unknown) => unknown): { ok: true; v: unknown } | { ok: false; want: string } => {
    if (!Array.isArray(v)) return { ok: false, want };
    const out: unknown[] = [];
    for (const x of v) {
      const c = conv(x);
      if (c === undefined) return { ok: false, want };
      out.push(c);
    }
    return { ok: true, v: out };
  };
  switch (type) {
    case 'any':
      return { ok: true, v };
    case 'string': {
      const s = toStringValue(v);
      return s === undefined ? { ok: false, want: 'string required' } : { ok: true, v: s };
    }
    case 'number': {
      const n = toNumberValue(v);
      return n === undefined ? { ok: false, want: 'number required' } : { ok: true, v: n };
    }
    case 'bool': {
      const b = toBoolValue(v);
      return b === undefined ? { ok: false, want: 'bool required' } : { ok: true, v: b };
    }
    case 'list':
      return Array.isArray(v) ? { ok: true, v } : { ok: false, want: 'list of any single type required' };
    case 'map':
      return isMap(v) ? { ok: true, v } : { ok: false, want: 'map of any single type required' };
    case 'list(string)':
      return elem('list of string required', (x) => (x === null ? null : toStringValue(x)));
    case 'list(number)':
      return elem('list of number required', (x) => (x === null ? null : toNumberValue(x)));
    case 'list(bool)':
      return elem('list of bool required', (x) => (x === null ? null : toBoolValue(x)));
    case 'map(string)': {
      if (!isMap(v)) return { ok: false, want: 'map of string required' };
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const s = x === null ? null : toStringValue(x);
        if (s === undefined) return { ok: false, want: 'map of string required' };
        out[k] = s;
      }
      return { ok: true, v: out };
    }
  }
}

function checkArgs(name: string, params: Param[], variadic: Param | undefined, args: unknown[]): unknown[] {
  if (args.length < params.length) {
    throw new FunctionError(`${name}(): expects ${params.length} argument(s); missing value for "${params[args.length].name}"`);
  }
  if (!variadic && args.length > params.length) {
    throw new FunctionError(`${name}(): expects only ${params.length} argument(s), got ${args.length}`);
  }
  return args.map((a, i) => {
    const p = params[i] ?? variadic!;
    if (a === null) {
      if (p.allowNull) return null;
      throw new FunctionError(`${name}(): invalid value for "${p.name}" parameter: argument must not be null`);
    }
    const c = convertParam(a, p.type);
    if (!c.ok) throw new FunctionError(`${name}(): invalid value for "${p.name}" parameter: ${c.want}`);
    return c.v;
  });
}

/** Declares a function: `def(name, [params], variadic, impl)`; impl gets converted arguments. */
export function def(name: string, params: Param[], variadic: Param | undefined, impl: (...args: never[]) => unknown): HclFunc {
  const call = impl as (...args: unknown[]) => unknown;
  return (...args: unknown[]) => {
    const converted = checkArgs(name, params, variadic, args);
    try {
      return call(...converted);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (msg.startsWith(`${name}(`)) throw e;
      throw new FunctionError(`${name}(): ${msg}`);
    }
  };
}

export const p = (name: string, type: ParamType, allowNull = false): Param => ({ name, type, allowNull });

/** cty equality: same type and same value (1 and "1" differ). */
export function ctyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => ctyEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && ctyEqual(a[k], b[k]));
  }
  return false;
}

/** The order of cty's sets of primitives: numbers ascending, then strings by bytes, bools false first. */
export function setOrder(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
}

/** A cty set: distinct elements in the set's order. */
export function toSet(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of items) if (!out.some((y) => ctyEqual(x, y))) out.push(x);
  return out.sort(setOrder);
}

/** Objects and maps: cty keeps their keys sorted. */
export function sortedKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
export function sortedObject(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of sortedKeys(m)) out[k] = m[k];
  return out;
}
