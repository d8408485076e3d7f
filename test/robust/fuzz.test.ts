// Issue #17: a fast-check fuzzer over templates in all three formats (YAML with anchors and
// aliases, HCL2 with variables and locals that refer to each other, Packer JSON nested and
// mutated) and over the command-line flags. Every case must end as a success or a message for
// the user (UserError): never a crash, never a hang (a time limit per case), never unbounded
// memory. CI runs a small fixed-seed sample; PACK_FUZZ=long runs 50 times as many cases, and
// PACK_FUZZ_SEED=N picks another seed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareTemplate } from '../../src/template/index.js';
import { UserError } from '../../src/errors.js';
import { run as validate } from '../../src/commands/validate.js';
import { run as inspect } from '../../src/commands/inspect.js';
import { run as fmt } from '../../src/commands/fmt.js';
import { runPack } from '../helpers/pack.js';
import { expectNoCrash, scratch } from './tools.js';

const LONG = process.env.PACK_FUZZ === 'long';
const SEED = Number(process.env.PACK_FUZZ_SEED ?? 17_2026);
const runs = (n: number) => (LONG ? n * 50 : n);
/** Per case: a hang guard, far above what any case needs. */
const CASE_LIMIT_MS = 20_000;
/** Per test: the long mode runs for minutes. */
const TEST_LIMIT_MS = LONG ? 3_600_000 : 120_000;
/** Heap a single case may add before it counts as unbounded. */
const HEAP_LIMIT = 512 * 1024 * 1024;

const s = scratch();
afterAll(() => s.remove());
let n = 0;

async function bounded<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
  const before = process.memoryUsage().heapUsed;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} ran over ${CASE_LIMIT_MS} ms`)), CASE_LIMIT_MS);
  });
  try {
    return await Promise.race([work(), limit]);
  } catch (e) {
    if (e instanceof UserError) return undefined;
    throw new Error(`crash on ${what}: ${e instanceof Error ? e.stack : String(e)}`);
  } finally {
    clearTimeout(timer);
    const grown = process.memoryUsage().heapUsed - before;
    if (grown > HEAP_LIMIT) throw new Error(`memory: ${what} grew the heap by ${(grown / 1e6).toFixed(0)} MB`);
  }
}

function writeCase(text: string, ext: string): string {
  const path = join(s.dir, `f${n++}${ext}`);
  writeFileSync(path, text);
  return path;
}

const prepare = (text: string, ext: string) =>
  bounded(`${ext} template:\n${text.slice(0, 2000)}`, () => prepareTemplate(writeCase(text, ext), { vars: [], varFiles: [], env: {} }));

const ident = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const scalar = fc.oneof(fc.constantFrom('null', 'none', 'shell', 'file', '""', '1', 'true', '~', '"{{user `a`}}"', '"${var.a}"'), fc.integer().map(String));

/** YAML with anchors, aliases (some to nowhere), merge keys and nesting. */
const yamlDoc = fc
  .array(
    fc.tuple(ident, fc.boolean(), fc.array(fc.oneof(scalar, ident.map((i) => `*${i}`)), { maxLength: 9 }), fc.boolean()),
    { minLength: 1, maxLength: 12 },
  )
  .map((rows) => {
    const lines = rows.map(([name, anchor, items, merge], i) =>
      merge ? `k${i}: {<<: *${name}, type: "null"}` : `k${i}: ${anchor ? `&${name} ` : ''}[${items.join(', ')}]`,
    );
    return [...lines, 'builders: [{type: "null", communicator: none}]'].join('\n') + '\n';
  });

/** HCL2 with variables, locals referring to each other (loops too) and a source using them. */
const hclDoc = fc
  .tuple(
    fc.array(fc.tuple(ident, fc.oneof(scalar, fc.constant('[1, 2]'), fc.constant('{ x = 1 }'))), { maxLength: 5 }),
    fc.array(fc.tuple(ident, fc.oneof(ident.map((i) => `local.${i}`), ident.map((i) => `var.${i}`), scalar, ident.map((i) => `"\${local.${i}}-x"`))), { maxLength: 8 }),
    fc.array(fc.tuple(fc.constantFrom('communicator', 'ssh_host', 'ssh_port', 'ssh_timeout', 'nope'), fc.oneof(ident.map((i) => `local.${i}`), scalar)), { maxLength: 4 }),
  )
  .map(([vars, locals, attrs]) => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const [name, d] of vars) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push(`variable "${name}" {\n  default = ${d}\n}`);
    }
    const localNames = new Set<string>();
    out.push('locals {', ...locals.filter(([k]) => !localNames.has(k) && localNames.add(k)).map(([k, v]) => `  ${k} = ${v}`), '}');
    out.push('source "null" "x" {', ...[...new Map(attrs).entries()].map(([k, v]) => `  ${k} = ${v}`), '}');
    out.push('build {\n  sources = ["source.null.x"]\n}');
    return out.join('\n') + '\n';
  });

/** Packer JSON: nested values of every JSON type at random places of a small template. */
const jsonDoc = fc
  .tuple(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom('variables', 'builders', 'provisioners', 'post-processors', 'sensitive-variables', 'min_packer_version'), fc.nat(60))
  .map(([v, key, depth]) => {
    let nested: unknown = v;
    for (let i = 0; i < depth; i++) nested = [nested];
    return JSON.stringify({ builders: [{ type: 'null', communicator: 'none' }], [key]: nested });
  });

describe('templates never crash, hang or blow up', () => {
  it('YAML with anchors and aliases', async () => {
    await fc.assert(fc.asyncProperty(yamlDoc, (t) => prepare(t, '.yaml').then(() => true)), { numRuns: runs(60), seed: SEED });
  }, TEST_LIMIT_MS);
  it('HCL2 with variables and locals referring to each other', async () => {
    // Load the HCL parser (WebAssembly) once before the clock of the first case starts.
    await prepare('build {\n}\n', '.pkr.hcl');
    await fc.assert(fc.asyncProperty(hclDoc, (t) => prepare(t, '.pkr.hcl').then(() => true)), { numRuns: runs(25), seed: SEED });
  }, TEST_LIMIT_MS);
  it('Packer JSON with nested values anywhere', async () => {
    await fc.assert(fc.asyncProperty(jsonDoc, (t) => prepare(t, '.json').then(() => true)), { numRuns: runs(60), seed: SEED });
  }, TEST_LIMIT_MS);
});

// Flags: names of every command's flags (and wrong ones), in Packer's and GNU's forms, with odd values.
const FLAG_NAMES = ['var', 'var-file', 'only', 'except', 'syntax-only', 'check', 'diff', 'write', 'recursive', 'machine-readable', 'force', 'on-error', 'parallel-builds', 'log-dir', 'color', 'nope', 'h'];
const FLAG_VALUES = ['', 'x', 'a=b', '=', 'true', 'false', '-1', '0', '99999999999999999999', '*', 'a,b', '\u0000', '../', '/proc/x', 'missing.json'];
const flagArb = fc.tuple(fc.constantFrom('-', '--'), fc.constantFrom(...FLAG_NAMES), fc.option(fc.oneof(fc.constantFrom(...FLAG_VALUES), fc.string({ maxLength: 8 })), { nil: undefined }), fc.boolean())
  .map(([dash, name, value, glued]) => (value === undefined ? [`${dash}${name}`] : glued ? [`${dash}${name}=${value}`] : [`${dash}${name}`, value]));
const argvArb = fc.tuple(fc.array(flagArb, { maxLength: 4 }), fc.constantFrom('ok.json', 'ok.pkr.hcl', 'bad.yaml', 'missing.json', '-', ''))
  .map(([flags, tpl]) => [...flags.flat(), ...(tpl ? [join(s.dir, tpl)] : [])]);

describe('flags never crash, hang or blow up', () => {
  s.write('ok.json', { builders: [{ type: 'null', communicator: 'none' }] });
  s.write('ok.pkr.hcl', 'source "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n}\n');
  s.write('bad.yaml', 'builders: [{type: 5}]\n');

  it('validate, inspect and fmt (in process)', async () => {
    const write = process.stdout.write;
    const quiet = ((_chunk: unknown, cb?: unknown) => {
      if (typeof cb === 'function') cb();
      return true;
    }) as typeof process.stdout.write;
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(validate, inspect, fmt), argvArb, async (cmd, argv) => {
          process.stdout.write = quiet;
          try {
            const code = await bounded(`${cmd === validate ? 'validate' : cmd === inspect ? 'inspect' : 'fmt'} ${JSON.stringify(argv)}`, () => cmd(argv));
            return code === undefined || [0, 1, 3].includes(code);
          } finally {
            process.stdout.write = write;
          }
        }),
        { numRuns: runs(80), seed: SEED },
      );
    } finally {
      process.stdout.write = write;
    }
  }, TEST_LIMIT_MS);

  it('build (the real CLI): exit 0 or 1, a message, no stack trace', async () => {
    const samples = fc.sample(argvArb, { numRuns: runs(4), seed: SEED });
    for (const raw of samples) {
      // No shell can pass a NUL byte in an argument.
      const argv = raw.map((a) => a.replaceAll('\u0000', ''));
      const r = await runPack(['build', ...argv], { cwd: s.dir, env: { TMPDIR: s.tmp, CI: 'true' }, timeoutMs: 30_000 });
      expect([0, 1], `pack build ${JSON.stringify(argv)}:\n${r.stdout}\n${r.stderr}`).toContain(r.code);
      expectNoCrash(r);
    }
  }, TEST_LIMIT_MS);
});
