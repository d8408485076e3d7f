// Random and mutated templates never crash the loader and validator: the only errors are
// TemplateErrors/UserError (a message for the user), and the CLI exits 0 or 1 without a stack trace.
import { describe, it, expect, afterAll } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareTemplate } from '../../src/template/index.js';
import { UserError } from '../../src/errors.js';
import { runPack, REPO_ROOT } from '../helpers/pack.js';
import { tempDir, STACK_TRACE } from './tools.js';

const tmp = tempDir('property');
afterAll(() => tmp.cleanup());

const ACCEPT = join(REPO_ROOT, 'test/fixtures/templates/verdicts/accept');
const jsonSeeds = readdirSync(ACCEPT).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(ACCEPT, f), 'utf8'));
const hclSeeds = readdirSync(ACCEPT).filter((f) => f.endsWith('.pkr.hcl')).map((f) => readFileSync(join(ACCEPT, f), 'utf8'));

const inputs = { vars: [], varFiles: [], env: {} };
/** PROP_SCALE=20 hunts longer (by hand); the suite runs the base counts. */
const runs = (n: number) => n * Number(process.env.PROP_SCALE ?? 1);
let n = 0;

async function tryTemplate(text: string, ext: string): Promise<void> {
  const path = join(tmp.dir, `t${n++}${ext}`);
  writeFileSync(path, text);
  try {
    await prepareTemplate(path, inputs);
  } catch (e) {
    if (e instanceof UserError) return; // TemplateErrors is a UserError
    throw new Error(`not a user error for ${ext} template:\n${text}\n---\n${e instanceof Error ? e.stack : String(e)}`);
  }
}

/** Text edits: delete, insert or replace a slice. */
const textMutation = (seeds: string[]) =>
  fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 4 })).map(([seed, edits]) => {
    let s = seed;
    for (const [at, del, ins] of edits) {
      const i = at % (s.length + 1);
      s = s.slice(0, i) + ins + s.slice(i + del);
    }
    return s;
  });

/** Structural edits: a random value put at a random place of a valid template. */
function setAtRandom(root: unknown, pick: number, value: unknown): unknown {
  const nodes: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => (nodes.push([v, i]), walk(x)));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (nodes.push([v as Record<string, unknown>, k]), walk(x));
  };
  walk(root);
  if (nodes.length === 0) return value;
  const [parent, key] = nodes[pick % nodes.length];
  (parent as Record<string | number, unknown>)[key] = value;
  return root;
}

const NAMES = ['type', 'name', 'builders', 'provisioners', 'post-processors', 'variables', 'only', 'except', 'inline', 'ssh_host', '{{user `x`}}', '{{ .Path }}', 'null', 'file', 'shell', 'manifest'];
const valueArb = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...NAMES), fc.string());

describe('loader and validator never crash', () => {
  it('on random text as YAML, JSON and HCL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.constantFrom('.yaml', '.json', '.pkr.hcl'), async (text, ext) => tryTemplate(text, ext)),
      { numRuns: runs(150) },
    );
  });
  it('on random JSON documents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('.yaml', '.json'), async (v, ext) => tryTemplate(JSON.stringify(v), ext)),
      { numRuns: runs(150) },
    );
  });
  it('on valid templates with a random value put anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...jsonSeeds), fc.nat(), valueArb, fc.constantFrom('.yaml', '.json'), async (seed, pick, value, ext) =>
        tryTemplate(JSON.stringify(setAtRandom(JSON.parse(seed), pick, value)), ext),
      ),
      { numRuns: runs(300) },
    );
  });
  it('on text edits of valid JSON and HCL templates', async () => {
    await fc.assert(fc.asyncProperty(textMutation(jsonSeeds), async (t) => tryTemplate(t, '.json')), { numRuns: runs(150) });
    await fc.assert(fc.asyncProperty(textMutation(hclSeeds), async (t) => tryTemplate(t, '.pkr.hcl')), { numRuns: runs(80) });
  });
});

describe('the CLI on mutated templates', () => {
  it('always exits 0 or 1 with a message, never an internal error or a stack trace', async () => {
    const samples = [
      ...fc.sample(textMutation(jsonSeeds), { numRuns: 4, seed: 42 }).map((t) => [t, '.json'] as const),
      ...fc.sample(textMutation(hclSeeds), { numRuns: 3, seed: 7 }).map((t) => [t, '.pkr.hcl'] as const),
      ...fc.sample(fc.string({ maxLength: 80 }), { numRuns: 3, seed: 3 }).map((t) => [t, '.yaml'] as const),
    ];
    for (const [text, ext] of samples) {
      const name = `cli${n++}${ext}`;
      writeFileSync(join(tmp.dir, name), text);
      const r = await runPack(['validate', name], { cwd: tmp.dir });
      expect([0, 1], `exit ${r.code} for:\n${text}\n${r.stderr}`).toContain(r.code);
      if (r.code === 1) expect(r.stderr.trim().length).toBeGreaterThan(0);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
  });
});
