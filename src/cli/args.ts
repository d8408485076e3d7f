import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';
import { decodeBoolean } from '../schema/decode.js';
import { lazy } from '../util/lazy-require.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** Repeatable: values collected into an array, in order. */
  multiple?: boolean;
  short?: string;
  /** One line for `pack help COMMAND`. */
  description: string;
  /** Placeholder in help: "NAME=VALUE". */
  value?: string;
  default?: string | boolean;
}

export type FlagSpecs = Record<string, FlagSpec>;

export type ParsedFlags<S extends FlagSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'boolean'
    ? boolean | undefined
    : S[K]['multiple'] extends true
      ? string[]
      : string | undefined;
};

export interface Parsed<S extends FlagSpecs> {
  flags: ParsedFlags<S>;
  positionals: string[];
  /**
   * With no positional left: words saying that the last argument was taken as a flag's value
   * (`pack build -var t.json`), for the "no template" message; '' otherwise.
   */
  swallowed: string;
}


/**
 * Parses a command's flags with node's own parseArgs. Packer's single-dash long flags
 * (-var, -only=x) are accepted as well as double-dash ones, and booleans take Packer's
 * "-color=false" form.
 */
export function parseFlags<S extends FlagSpecs>(command: string, argv: string[], specs: S): Parsed<S> {
  const booleanOverrides = new Map<string, boolean>();
  const tokens: string[] = [];
  let rest = false;
  for (const arg of argv) {
    if (rest || arg === '--') {
      rest = true;
      tokens.push(arg);
      continue;
    }
    let a = arg;
    // -name or -name=value with a multi-letter name: Packer's style.
    if (/^-[A-Za-z][\w-]+(=|$)/.test(a) && !a.startsWith('--')) a = '-' + a;
    const m = /^--([\w-]+)=(.*)$/s.exec(a);
    if (m && specs[m[1]]?.type === 'boolean') {
      // Go's flag package reads booleans with strconv.ParseBool, as templates do.
      const v = m[2] === '' ? undefined : decodeBoolean(m[2]);
      if (v === undefined) {
        throw new UserError(`flag -${m[1]} takes true or false, not "${m[2]}"\nRun 'pack help ${command}' for usage.`);
      }
      booleanOverrides.set(m[1], v);
      continue;
    }
    tokens.push(a);
  }
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, s] of Object.entries(specs)) {
    // parseArgs rejects keys set to undefined, so only pass what the spec says.
    options[name] = { type: s.type, multiple: s.multiple === true, ...(s.short ? { short: s.short } : {}) };
  }
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: tokens, options, allowPositionals: true, strict: true }));
  } catch (err) {
    throw new UserError(`${flagMessage(err, Object.keys(specs))}\nRun 'pack help ${command}' for usage.`);
  }
  for (const [k, v] of booleanOverrides) values[k] = v;
  for (const [name, s] of Object.entries(specs)) {
    if (values[name] === undefined && s.default !== undefined) values[name] = s.default;
    if (s.multiple && values[name] === undefined) values[name] = [];
  }
  let swallowed = '';
  const [prev, last] = argv.slice(-2);
  const flag = argv.length >= 2 ? /^--?([\w-]+)$/.exec(prev)?.[1] : undefined;
  if (positionals.length === 0 && flag && specs[flag]?.type === 'string' && !last.startsWith('-')) {
    swallowed = ` ("${last}" was read as the value of -${flag}: give -${flag} its value first)`;
  }
  return { flags: values as ParsedFlags<S>, positionals, swallowed };
}

function flagMessage(err: unknown, known: string[]): string {
  const msg = err instanceof Error ? err.message : String(err);
  const unknown = /Unknown option '(-+[^']+)'/.exec(msg);
  if (unknown) {
    const name = unknown[1].replace(/^-+/, '');
    const near = nearest(name, known);
    return `unknown flag -${name}${near ? `. Did you mean -${near}?` : ''}`;
  }
  const needs = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(msg);
  if (needs) return `flag ${needs[1].replace(/^--/, '-')} needs a value`;
  const noArg = /Option '(--[\w-]+)' does not take an argument/.exec(msg);
  if (noArg) return `flag ${noArg[1].replace(/^--/, '-')} does not take a value`;
  return msg.replace(/\. To specify a positional argument.*$/s, '');
}

/** The help text of a command, from its flag specs. */
export function flagsHelp(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `  -${name}${s.type === 'string' ? `=${s.value ?? 'VALUE'}` : ''}`;
    return [left, s.description + (s.multiple ? ' (repeatable)' : '')];
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, d]) => l.padEnd(width) + d).join('\n');
}

/** The closest flag name, for a typo (-var-files, -exept); loaded on this error path only. */
function nearest(name: string, known: string[]): string | undefined {
  if (known.length === 0) return undefined;
  const { closest, distance } = lazy<typeof import('fastest-levenshtein')>('fastest-levenshtein')();
  const best = closest(name, known);
  return distance(name, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}
