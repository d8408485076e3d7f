// String functions (go-cty stdlib): case, trimming, splitting, substrings, format and regular expressions.
import { def, p, FunctionError, type HclFunc } from './args.js';
import { goRegExp, expandGoReplacement } from './goregexp.js';
import { formatValue } from './format.js';

const chars = (s: string) => [...s];

/** Go's strings.Title: a letter is raised after a space or an ASCII character other than a letter, digit or underscore. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    const sep = /[\s]/u.test(prev) || (prev.charCodeAt(0) < 0x80 && !/[A-Za-z0-9_]/.test(prev));
    out += sep ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

function goReplaceAll(s: string, old: string, rep: string): string {
  if (old === '') return rep + chars(s).join(rep) + (s === '' ? '' : rep);
  return s.split(old).join(rep);
}

function trimCutset(s: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set(chars(cutset));
  const cs = chars(s);
  let a = 0;
  let b = cs.length;
  while (left && a < b && set.has(cs[a])) a++;
  while (right && b > a && set.has(cs[b - 1])) b--;
  return cs.slice(a, b).join('');
}

/** The captures of one match as regex() gives them: the match, a list of groups, or a map of named groups. */
function captures(m: RegExpExecArray): unknown {
  if (m.length === 1) return m[0];
  if (m.groups && Object.keys(m.groups).length) {
    if (Object.keys(m.groups).length !== m.length - 1) throw new FunctionError('regex(): the pattern may not mix named and unnamed capture groups');
    return Object.fromEntries(Object.entries(m.groups).map(([k, v]) => [k, v ?? '']));
  }
  return m.slice(1).map((x) => x ?? '');
}

export const stringFunctions: Record<string, HclFunc> = {
  chomp: def('chomp', [p('str', 'string')], undefined, (s: string) => s.replace(/(?:\r\n?|\n)*$/, '')),
  format: def('format', [p('format', 'string')], p('args', 'any', true), (f: string, ...args: unknown[]) => formatValue('format', f, args)),
  formatlist: def('formatlist', [p('format', 'string')], p('args', 'any', true), (f: string, ...args: unknown[]) => {
    let n: number | undefined;
    for (const [i, a] of args.entries()) {
      if (!Array.isArray(a)) continue;
      if (n !== undefined && a.length !== n) throw new FunctionError(`argument ${i + 1} has length ${a.length}, which is inconsistent with argument 1 of length ${n}`);
      n = a.length;
    }
    if (n === undefined) return [formatValue('formatlist', f, args)];
    return Array.from({ length: n }, (_, k) => formatValue('formatlist', f, args.map((a) => (Array.isArray(a) ? a[k] : a))));
  }),
  indent: def('indent', [p('spaces', 'number'), p('str', 'string')], undefined, (n: number, s: string) => s.replace(/\n/g, '\n' + ' '.repeat(Math.max(0, Math.trunc(n))))),
  join: def('join', [p('separator', 'string')], p('lists', 'list(string)'), (sep: string, ...lists: (string | null)[][]) => {
    if (lists.length === 0) throw new FunctionError('at least one list is required');
    return lists.flat().map((x) => {
      if (x === null) throw new FunctionError('cannot join a null element');
      return x;
    }).join(sep);
  }),
  lower: def('lower', [p('str', 'string')], undefined, (s: string) => s.toLowerCase()),
  upper: def('upper', [p('str', 'string')], undefined, (s: string) => s.toUpperCase()),
  title: def('title', [p('str', 'string')], undefined, title),
  replace: def('replace', [p('str', 'string'), p('substr', 'string'), p('replace', 'string')], undefined, goReplaceAll),
  regex_replace: def('regex_replace', [p('str', 'string'), p('substr', 'string'), p('replace', 'string')], undefined, (s: string, pattern: string, rep: string) => {
    const re = goRegExp(pattern, 'g');
    return s.replace(re, (...m) => {
      const groups = typeof m[m.length - 1] === 'object' ? (m[m.length - 1] as Record<string, string | undefined>) : undefined;
      const nums = m.slice(0, groups ? -3 : -2) as (string | undefined)[];
      return expandGoReplacement(rep, nums, groups);
    });
  }),
  regex: def('regex', [p('pattern', 'string'), p('string', 'string')], undefined, (pattern: string, s: string) => {
    const re = goRegExp(pattern, '');
    const m = re.exec(s);
    if (!m) throw new FunctionError('regex(): pattern did not match any part of the given string');
    return captures(m);
  }),
  regexall: def('regexall', [p('pattern', 'string'), p('string', 'string')], undefined, (pattern: string, s: string) => {
    const re = goRegExp(pattern, 'g');
    return [...s.matchAll(re)].map((m) => captures(m as RegExpExecArray));
  }),
  split: def('split', [p('separator', 'string'), p('str', 'string')], undefined, (sep: string, s: string) => (sep === '' ? chars(s) : s.split(sep))),
  strrev: def('strrev', [p('str', 'string')], undefined, (s: string) => chars(s).reverse().join('')),
  substr: def('substr', [p('str', 'string'), p('offset', 'number'), p('length', 'number')], undefined, (s: string, off: number, len: number) => {
    const cs = chars(s);
    let start = Math.trunc(off);
    if (start < 0) start = Math.max(0, cs.length + start);
    if (start > cs.length) return '';
    const n = Math.trunc(len);
    return cs.slice(start, n < 0 ? undefined : start + n).join('');
  }),
  trim: def('trim', [p('str', 'string'), p('cutset', 'string')], undefined, (s: string, c: string) => trimCutset(s, c, true, true)),
  trimprefix: def('trimprefix', [p('str', 'string'), p('prefix', 'string')], undefined, (s: string, x: string) => (s.startsWith(x) ? s.slice(x.length) : s)),
  trimsuffix: def('trimsuffix', [p('str', 'string'), p('suffix', 'string')], undefined, (s: string, x: string) => (x !== '' && s.endsWith(x) ? s.slice(0, -x.length) : s)),
  trimspace: def('trimspace', [p('str', 'string')], undefined, (s: string) => s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '')),
  strcontains: def('strcontains', [p('str', 'string'), p('substr', 'string')], undefined, (s: string, x: string) => s.includes(x)),
  startswith: def('startswith', [p('str', 'string'), p('prefix', 'string')], undefined, (s: string, x: string) => s.startsWith(x)),
  endswith: def('endswith', [p('str', 'string'), p('suffix', 'string')], undefined, (s: string, x: string) => s.endsWith(x)),
};

