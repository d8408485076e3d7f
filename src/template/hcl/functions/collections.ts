// Collection functions (go-cty stdlib, go-cty-funcs and Packer's own length/sum): lists, maps and sets.
import { def, p, FunctionError, ctyEqual, isMap, sortedKeys, sortedObject, toSet, toStringValue, typeName, type HclFunc } from './args.js';

const MAX_RANGE = 1024;

function flatten(l: unknown[]): unknown[] {
  return l.flatMap((x) => (Array.isArray(x) ? flatten(x) : [x]));
}

/** coalesce's values share one type: strings win over numbers and bools, as cty unifies them. */
function unify(vals: unknown[]): unknown[] {
  const kinds = new Set(vals.filter((v) => v !== null).map(typeName));
  if (kinds.size > 1 && kinds.has('string') && [...kinds].every((k) => ['string', 'number', 'boolean'].includes(k))) return vals.map((v) => (v === null ? v : toStringValue(v)));
  if (kinds.size > 1) throw new FunctionError('all arguments must have the same type');
  return vals;
}

export const collectionFunctions: Record<string, HclFunc> = {
  alltrue: def('alltrue', [p('list', 'list(bool)')], undefined, (l: (boolean | null)[]) => l.every((x) => x === true)),
  anytrue: def('anytrue', [p('list', 'list(bool)')], undefined, (l: (boolean | null)[]) => l.some((x) => x === true)),
  chunklist: def('chunklist', [p('list', 'list'), p('size', 'number')], undefined, (l: unknown[], size: number) => {
    if (size < 0) throw new FunctionError('the size argument must be positive');
    if (size === 0) return [l];
    const out: unknown[][] = [];
    for (let i = 0; i < l.length; i += size) out.push(l.slice(i, i + size));
    return out;
  }),
  coalesce: def('coalesce', [], p('vals', 'any', true), (...vals: unknown[]) => {
    for (const v of unify(vals)) if (v !== null && v !== '') return v;
    throw new FunctionError('no non-null, non-empty-string arguments');
  }),
  coalescelist: def('coalescelist', [], p('vals', 'any', true), (...vals: unknown[]) => {
    if (vals.length === 0) throw new FunctionError('at least one argument is required');
    for (const v of vals) {
      if (v === null) continue;
      if (!Array.isArray(v)) throw new FunctionError(`coalescelist arguments must be lists or tuples, got ${typeName(v)}`);
      if (v.length) return v;
    }
    throw new FunctionError('no non-null arguments');
  }),
  compact: def('compact', [p('list', 'list(string)')], undefined, (l: (string | null)[]) => l.filter((x) => x !== null && x !== '')),
  concat: def('concat', [], p('seqs', 'list'), (...seqs: unknown[][]) => {
    if (seqs.length === 0) throw new FunctionError('at least one argument is required');
    return seqs.flat();
  }),
  contains: def('contains', [p('list', 'list'), p('value', 'any', true)], undefined, (l: unknown[], v: unknown) => l.some((x) => ctyEqual(x, v))),
  distinct: def('distinct', [p('list', 'list')], undefined, (l: unknown[]) => l.filter((x, i) => l.findIndex((y) => ctyEqual(x, y)) === i)),
  element: def('element', [p('list', 'list'), p('index', 'number')], undefined, (l: unknown[], i: number) => {
    if (l.length === 0) throw new FunctionError('cannot use element function with an empty list');
    if (i < 0) throw new FunctionError('cannot use element function with a negative index');
    if (!Number.isInteger(i)) throw new FunctionError('invalid index: value must be a whole number');
    return l[i % l.length];
  }),
  flatten: def('flatten', [p('list', 'list')], undefined, flatten),
  index: def('index', [p('list', 'list'), p('value', 'any')], undefined, (l: unknown[], v: unknown) => {
    const i = l.findIndex((x) => ctyEqual(x, v));
    if (i < 0) throw new FunctionError('item not found');
    return i;
  }),
  keys: def('keys', [p('inputMap', 'map')], undefined, (m: Record<string, unknown>) => sortedKeys(m)),
  values: def('values', [p('mapping', 'map')], undefined, (m: Record<string, unknown>) => sortedKeys(m).map((k) => m[k])),
  length: def('length', [p('value', 'any')], undefined, (v: unknown) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    throw new FunctionError('argument must be a string, a collection type, or a structural type');
  }),
  lookup: def('lookup', [p('inputMap', 'map'), p('key', 'string')], p('default', 'any', true), (m: Record<string, unknown>, k: string, ...d: unknown[]) => {
    if (d.length > 1) throw new FunctionError('lookup() takes no more than one default value');
    if (Object.hasOwn(m, k)) return m[k];
    if (d.length) return d[0];
    throw new FunctionError(`lookup failed to find key ${JSON.stringify(k)}`);
  }),
  merge: def('merge', [], p('maps', 'any', true), (...maps: unknown[]) => {
    const out: Record<string, unknown> = {};
    for (const m of maps) {
      if (m === null) continue;
      if (!isMap(m)) throw new FunctionError(`arguments must be maps or objects, got ${typeName(m)}`);
      Object.assign(out, m);
    }
    return sortedObject(out);
  }),
  range: def('range', [], p('params', 'number'), (...a: number[]) => {
    let start = 0;
    let limit: number;
    let step: number;
    if (a.length === 1) [limit, step] = [a[0], a[0] < 0 ? -1 : 1];
    else if (a.length === 2) [start, limit, step] = [a[0], a[1], a[1] < a[0] ? -1 : 1];
    else if (a.length === 3) [start, limit, step] = a as [number, number, number];
    else throw new FunctionError('must have one, two, or three arguments');
    if (step === 0) throw new FunctionError('step must not be zero');
    const down = step < 0;
    if (down && start < limit) throw new FunctionError('for a negative step, start must be greater than limit');
    if (!down && start > limit) throw new FunctionError('for a positive step, start must be less than limit');
    const out: number[] = [];
    for (let v = start; down ? v > limit : v < limit; v += step) {
      if (out.length >= MAX_RANGE) throw new FunctionError(`more than ${MAX_RANGE} values were generated; either decrease the difference between start and limit or use a smaller step`);
      out.push(v);
    }
    return out;
  }),
  reverse: def('reverse', [p('list', 'list')], undefined, (l: unknown[]) => [...l].reverse()),
  setintersection: def('setintersection', [p('first_set', 'list')], p('other_sets', 'list'), (first: unknown[], ...others: unknown[][]) => toSet(first.filter((x) => others.every((o) => o.some((y) => ctyEqual(x, y)))))),
  setunion: def('setunion', [p('first_set', 'list')], p('other_sets', 'list'), (...sets: unknown[][]) => toSet(sets.flat())),
  setproduct: def('setproduct', [], p('sets', 'list'), (...sets: unknown[][]) => {
    if (sets.length < 2) throw new FunctionError('at least two arguments are required');
    return sets.reduce<unknown[][]>((acc, s) => acc.flatMap((prefix) => s.map((x) => [...prefix, x])), [[]]);
  }),
  slice: def('slice', [p('list', 'list'), p('start_index', 'number'), p('end_index', 'number')], undefined, (l: unknown[], a: number, b: number) => {
    if (a < 0) throw new FunctionError('the starting index must not be negative');
    if (b > l.length) throw new FunctionError('the ending index must not be greater than the length of the list');
    if (a > b) throw new FunctionError('the starting index must be less than or equal to the ending index');
    return l.slice(a, b);
  }),
  sort: def('sort', [p('list', 'list(string)')], undefined, (l: (string | null)[]) => {
    if (l.includes(null)) throw new FunctionError('given list element 0 is null; a null string cannot be sorted');
    return [...(l as string[])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  }),
  sum: def('sum', [p('list', 'list(number)')], undefined, (l: (number | null)[]) => {
    if (l.length === 0) throw new FunctionError('cannot sum an empty list');
    if (l.includes(null)) throw new FunctionError('argument must be list, set, or tuple of number values');
    return (l as number[]).reduce((x, y) => x + y, 0);
  }),
  zipmap: def('zipmap', [p('keys', 'list(string)'), p('values', 'list')], undefined, (k: string[], v: unknown[]) => {
    if (k.length !== v.length) throw new FunctionError(`number of keys (${k.length}) does not match number of values (${v.length})`);
    return sortedObject(Object.fromEntries(k.map((x, i) => [x, v[i]])));
  }),
};
