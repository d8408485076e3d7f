// HCL variable type constraints: string, number, bool, any, list(T), set(T), map(T), object({...}), tuple([...]).
import { toSet } from './functions/args.js';

export function typeText(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  return raw.replace(/^\$\{/, '').replace(/\}$/, '').trim();
}

const inner = (t: string, kw: string) => (t.startsWith(kw + '(') && t.endsWith(')') ? t.slice(kw.length + 1, -1).trim() : undefined);

/** Converts a value to the type (as HCL's conversion would); throws with a message on mismatch. */
export function convertToType(value: unknown, type: string | undefined): unknown {
  if (!type || type === 'any' || value === null) return value;
  if (type === 'string') {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new Error(`a string is required, not ${Array.isArray(value) ? 'a list' : typeof value}`);
  }
  if (type === 'number') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(n)) throw new Error(`a number is required, not ${JSON.stringify(value)}`);
    return n;
  }
  if (type === 'bool') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new Error(`a bool is required, not ${JSON.stringify(value)}`);
  }
  const el = inner(type, 'list') ?? inner(type, 'set');
  if (el !== undefined) {
    if (!Array.isArray(value)) throw new Error(`a list is required, not ${JSON.stringify(value)}`);
    const items = value.map((v) => convertToType(v, el));
    return type.startsWith('set(') ? toSet(items) : items;
  }
  const mt = inner(type, 'map');
  if (mt !== undefined) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`a map is required, not ${JSON.stringify(value)}`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertToType(v, mt)]));
  }
  if (type.startsWith('object(')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`an object is required, not ${JSON.stringify(value)}`);
    return value;
  }
  if (type.startsWith('tuple(')) {
    if (!Array.isArray(value)) throw new Error(`a tuple is required, not ${JSON.stringify(value)}`);
    return value;
  }
  return value;
}

/** Whether a text given on the command line is taken as a plain string for this type. */
export function isStringLike(type: string | undefined): boolean {
  return !type || type === 'string' || type === 'any' || type === 'number' || type === 'bool';
}
