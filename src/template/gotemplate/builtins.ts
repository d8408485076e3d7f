// The functions Go's text/template defines for every template (and, or, not, eq, ne, lt, le, gt, ge, len,
// print), which Packer's JSON templates use in {{if}} conditions. Only the cases templates meet: strings,
// numbers and booleans.
import type { GoFunc } from './render.js';

/** Go's truth: false, 0, "", nil and empty collections are false. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function basic(v: unknown, fn: string): string | number | boolean {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new Error(`${fn}: cannot compare ${v === undefined || v === null ? 'nil' : 'a non-basic value'}`);
}

function compare(fn: string, a: unknown, b: unknown): number {
  const x = basic(a, fn);
  const y = basic(b, fn);
  if (typeof x !== typeof y) throw new Error(`${fn}: incompatible types for comparison`);
  return x < y ? -1 : x > y ? 1 : 0;
}

function atLeast(fn: string, args: unknown[], n: number): void {
  if (args.length < n) throw new Error(`wrong number of args for ${fn}: want at least ${n} got ${args.length}`);
}

export const BUILTINS: Record<string, GoFunc> = {
  // and/or return the deciding argument, as Go does.
  and: (...a) => (atLeast('and', a, 1), a.find((v) => !truthy(v)) ?? a[a.length - 1]),
  or: (...a) => (atLeast('or', a, 1), a.find((v) => truthy(v)) ?? a[a.length - 1]),
  not: (...a) => {
    if (a.length !== 1) throw new Error(`wrong number of args for not: want 1 got ${a.length}`);
    return !truthy(a[0]);
  },
  // eq a b c is a == b || a == c.
  eq: (...a) => (atLeast('eq', a, 2), a.slice(1).some((b) => compare('eq', a[0], b) === 0)),
  ne: (...a) => {
    if (a.length !== 2) throw new Error(`wrong number of args for ne: want 2 got ${a.length}`);
    return compare('ne', a[0], a[1]) !== 0;
  },
  lt: (a, b) => compare('lt', a, b) < 0,
  le: (a, b) => compare('le', a, b) <= 0,
  gt: (a, b) => compare('gt', a, b) > 0,
  ge: (a, b) => compare('ge', a, b) >= 0,
  len: (v) => {
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v && typeof v === 'object') return Object.keys(v).length;
    throw new Error('len of a value that has none');
  },
  print: (...a) => a.map((v) => (v === undefined || v === null ? '<nil>' : String(v))).join(''),
};
