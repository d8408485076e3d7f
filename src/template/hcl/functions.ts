// The HCL2 functions Packer templates use most. Each checks its arguments and throws a clear message.
import { readFileSync } from 'node:fs';
import { resolve, basename, dirname } from 'node:path';
import { randomUUID } from 'node:crypto';

export type HclFunc = (...args: unknown[]) => unknown;

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'object' : typeof v);

function str(v: unknown, fn: string, i: number): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`${fn}(): argument ${i + 1} must be a string, not ${typeName(v)}`);
}
function num(v: unknown, fn: string, i: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new Error(`${fn}(): argument ${i + 1} must be a number, not ${typeName(v)}`);
  return n;
}
function list(v: unknown, fn: string, i: number): unknown[] {
  if (Array.isArray(v)) return v;
  throw new Error(`${fn}(): argument ${i + 1} must be a list, not ${typeName(v)}`);
}
function obj(v: unknown, fn: string, i: number): Record<string, unknown> {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  throw new Error(`${fn}(): argument ${i + 1} must be a map, not ${typeName(v)}`);
}
function arity(fn: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    throw new Error(`${fn}() takes ${min === max ? min : `${min} to ${max === Infinity ? 'any number of' : max}`} argument${max === 1 ? '' : 's'}, got ${args.length}`);
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Terraform's formatdate spec (YYYY-MM-DD'T'hh:mm:ssZ) on an RFC 3339 timestamp, in UTC. */
export function formatDate(spec: string, ts: string): string {
  const d = new Date(ts);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(ts) || Number.isNaN(d.getTime())) throw new Error(`formatdate(): "${ts}" is not an RFC 3339 timestamp`);
  const h = d.getUTCHours();
  const tokens: [string, () => string][] = [
    ['YYYY', () => pad(d.getUTCFullYear(), 4)],
    ['YY', () => pad(d.getUTCFullYear() % 100)],
    ['MMMM', () => MONTHS[d.getUTCMonth()]],
    ['MMM', () => MONTHS[d.getUTCMonth()].slice(0, 3)],
    ['MM', () => pad(d.getUTCMonth() + 1)],
    ['M', () => String(d.getUTCMonth() + 1)],
    ['DD', () => pad(d.getUTCDate())],
    ['D', () => String(d.getUTCDate())],
    ['EEEE', () => DAYS[d.getUTCDay()]],
    ['EEE', () => DAYS[d.getUTCDay()].slice(0, 3)],
    ['hh', () => pad(h)],
    ['h', () => String(h)],
    ['HH', () => pad(h % 12 || 12)],
    ['H', () => String(h % 12 || 12)],
    ['AA', () => (h < 12 ? 'AM' : 'PM')],
    ['aa', () => (h < 12 ? 'am' : 'pm')],
    ['mm', () => pad(d.getUTCMinutes())],
    ['m', () => String(d.getUTCMinutes())],
    ['ss', () => pad(d.getUTCSeconds())],
    ['s', () => String(d.getUTCSeconds())],
    ['ZZZZZ', () => '+00:00'],
    ['ZZZZ', () => '+0000'],
    ['ZZZ', () => 'UTC'],
    ['Z', () => 'Z'],
  ];
  let out = '';
  let i = 0;
  outer: while (i < spec.length) {
    if (spec[i] === "'") {
      const end = spec.indexOf("'", i + 1);
      if (end < 0) throw new Error('formatdate(): unterminated quoted literal in the format');
      out += end === i + 1 ? "'" : spec.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    for (const [tok, fn] of tokens) {
      if (spec.startsWith(tok, i)) {
        out += fn();
        i += tok.length;
        continue outer;
      }
    }
    if (/[A-Za-z]/.test(spec[i])) throw new Error(`formatdate(): invalid format letter "${spec[i]}"; quote literal text with '...'`);
    out += spec[i++];
  }
  return out;
}

const RUN_START = new Date();

export const HCL_FUNCTIONS: Record<string, HclFunc> = {
  timestamp: (...a) => (arity('timestamp', a, 0), RUN_START.toISOString().replace(/\.\d{3}Z$/, 'Z')),
  formatdate: (...a) => (arity('formatdate', a, 2), formatDate(str(a[0], 'formatdate', 0), str(a[1], 'formatdate', 1))),
  uuidv4: (...a) => (arity('uuidv4', a, 0), randomUUID()),
  join: (...a) => {
    arity('join', a, 2, Infinity);
    const sep = str(a[0], 'join', 0);
    return a.slice(1).flatMap((l, i) => list(l, 'join', i + 1).map((x) => str(x, 'join', i + 1))).join(sep);
  },
  split: (...a) => (arity('split', a, 2), str(a[1], 'split', 1).split(str(a[0], 'split', 0))),
  lower: (...a) => (arity('lower', a, 1), str(a[0], 'lower', 0).toLowerCase()),
  upper: (...a) => (arity('upper', a, 1), str(a[0], 'upper', 0).toUpperCase()),
  title: (...a) => (arity('title', a, 1), str(a[0], 'title', 0).replace(/\b\w/g, (c) => c.toUpperCase())),
  trimspace: (...a) => (arity('trimspace', a, 1), str(a[0], 'trimspace', 0).trim()),
  chomp: (...a) => (arity('chomp', a, 1), str(a[0], 'chomp', 0).replace(/(\r?\n)+$/, '')),
  replace: (...a) => {
    arity('replace', a, 3);
    const [s, sub, rep] = [str(a[0], 'replace', 0), str(a[1], 'replace', 1), str(a[2], 'replace', 2)];
    if (sub.length > 1 && sub.startsWith('/') && sub.endsWith('/')) return s.replace(new RegExp(sub.slice(1, -1), 'g'), rep.replace(/\$\{(\w+)\}/g, '$<$1>'));
    return s.split(sub).join(rep);
  },
  substr: (...a) => {
    arity('substr', a, 3);
    const s = [...str(a[0], 'substr', 0)];
    const off = num(a[1], 'substr', 1);
    const len = num(a[2], 'substr', 2);
    const start = off < 0 ? s.length + off : off;
    return s.slice(start, len < 0 ? undefined : start + len).join('');
  },
  format: (...a) => {
    arity('format', a, 1, Infinity);
    let k = 1;
    return str(a[0], 'format', 0).replace(/%([%sdvq])/g, (_, v: string) => {
      if (v === '%') return '%';
      if (k >= a.length) throw new Error('format(): not enough arguments for the format');
      const x = a[k++];
      if (v === 'd') return String(Math.trunc(num(x, 'format', k - 1)));
      if (v === 'q') return JSON.stringify(x);
      return typeof x === 'string' ? x : JSON.stringify(x);
    });
  },
  concat: (...a) => a.flatMap((l, i) => list(l, 'concat', i)),
  lookup: (...a) => {
    arity('lookup', a, 2, 3);
    const m = obj(a[0], 'lookup', 0);
    const k = str(a[1], 'lookup', 1);
    if (k in m) return m[k];
    if (a.length === 3) return a[2];
    throw new Error(`lookup(): the map has no key "${k}" and no default was given`);
  },
  length: (...a) => {
    arity('length', a, 1);
    const v = a[0];
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (v && typeof v === 'object') return Object.keys(v).length;
    throw new Error(`length(): cannot take the length of ${typeName(v)}`);
  },
  element: (...a) => {
    arity('element', a, 2);
    const l = list(a[0], 'element', 0);
    if (l.length === 0) throw new Error('element(): the list is empty');
    return l[num(a[1], 'element', 1) % l.length];
  },
  contains: (...a) => (arity('contains', a, 2), list(a[0], 'contains', 0).some((x) => JSON.stringify(x) === JSON.stringify(a[1]))),
  keys: (...a) => (arity('keys', a, 1), Object.keys(obj(a[0], 'keys', 0)).sort()),
  values: (...a) => {
    arity('values', a, 1);
    const m = obj(a[0], 'values', 0);
    return Object.keys(m).sort().map((k) => m[k]);
  },
  merge: (...a) => Object.assign({}, ...a.map((m, i) => obj(m, 'merge', i))),
  coalesce: (...a) => {
    const v = a.find((x) => x !== null && x !== '');
    if (v === undefined) throw new Error('coalesce(): no non-null, non-empty argument');
    return v;
  },
  min: (...a) => Math.min(...a.map((x, i) => num(x, 'min', i))),
  max: (...a) => Math.max(...a.map((x, i) => num(x, 'max', i))),
  abs: (...a) => (arity('abs', a, 1), Math.abs(num(a[0], 'abs', 0))),
  tostring: (...a) => (arity('tostring', a, 1), a[0] === null ? null : str(a[0], 'tostring', 0)),
  tonumber: (...a) => (arity('tonumber', a, 1), a[0] === null ? null : num(a[0], 'tonumber', 0)),
  tobool: (...a) => {
    arity('tobool', a, 1);
    if (a[0] === true || a[0] === 'true') return true;
    if (a[0] === false || a[0] === 'false') return false;
    if (a[0] === null) return null;
    throw new Error(`tobool(): cannot convert ${JSON.stringify(a[0])} to bool`);
  },
  tolist: (...a) => (arity('tolist', a, 1), [...list(a[0], 'tolist', 0)]),
  toset: (...a) => (arity('toset', a, 1), [...new Set(list(a[0], 'toset', 0))]),
  tomap: (...a) => (arity('tomap', a, 1), { ...obj(a[0], 'tomap', 0) }),
  jsonencode: (...a) => (arity('jsonencode', a, 1), JSON.stringify(a[0])),
  jsondecode: (...a) => {
    arity('jsondecode', a, 1);
    try {
      return JSON.parse(str(a[0], 'jsondecode', 0));
    } catch {
      throw new Error('jsondecode(): the text is not valid JSON');
    }
  },
  file: (...a) => {
    arity('file', a, 1);
    const p = resolve(str(a[0], 'file', 0));
    try {
      return readFileSync(p, 'utf8');
    } catch {
      throw new Error(`file(): cannot read "${a[0]}" (paths are relative to the current folder, ${process.cwd()})`);
    }
  },
  abspath: (...a) => (arity('abspath', a, 1), resolve(str(a[0], 'abspath', 0))),
  basename: (...a) => (arity('basename', a, 1), basename(str(a[0], 'basename', 0))),
  dirname: (...a) => (arity('dirname', a, 1), dirname(str(a[0], 'dirname', 0))),
};
