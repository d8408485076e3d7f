// The native HCL parser (src/template/hcl/native/) against hcl2json, the parser it stands in for: on
// every HCL file under test/fixtures both must give the same JSON (same key order too), and on
// hand-written edge cases and on fixtures mutated by fast-check the native parser must either agree or
// defer (return undefined), never accept what hcl2json rejects. PACK_FUZZ=long runs 50 times as many
// mutations; PACK_FUZZ_SEED=N picks another seed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hcl2jsonParse } from '../../src/template/hcl/hcl2json-loader.js';
import { nativeDeferReason, parseHclNative } from '../../src/template/hcl/native/index.js';

// A bug of the native parser (an exception other than its own "not sure") fails the test instead of deferring.
process.env.PACK_HCL_NATIVE_STRICT = '1';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures');
const hclFiles = (readdirSync(fixtures, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
  .filter((d) => d.isFile() && d.name.endsWith('.hcl'))
  .map((d) => join(d.parentPath, d.name))
  .sort();

type Outcome = { ok: true; json: unknown } | { ok: false; message: string };
async function reference(text: string): Promise<Outcome> {
  try {
    return { ok: true, json: await hcl2jsonParse('t.pkr.hcl', text) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** Agrees (same value, same key order) or defers; never accepts what hcl2json rejects. */
async function check(text: string): Promise<'same' | 'deferred'> {
  const ref = await reference(text);
  const native = parseHclNative(text);
  if (native === undefined) return 'deferred';
  if (!ref.ok) throw new Error(`native accepted what hcl2json rejects (${ref.message}): ${JSON.stringify(text)}`);
  expect(native, JSON.stringify(text)).toStrictEqual(ref.json);
  expect(JSON.stringify(native)).toBe(JSON.stringify(ref.json));
  return 'same';
}

describe('native HCL parser vs hcl2json', () => {
  it('gives hcl2json\'s output for every HCL file under test/fixtures, and defers on those hcl2json rejects', async () => {
    expect(hclFiles.length).toBeGreaterThan(400);
    const deferredValid: string[] = [];
    let rejected = 0;
    for (const file of hclFiles) {
      const text = readFileSync(file, 'utf8');
      const ref = await reference(text);
      if (!ref.ok) rejected++;
      if ((await check(text)) === 'deferred' && ref.ok) deferredValid.push(`${relative(root, file)}: ${nativeDeferReason(text)}`);
    }
    // Every valid fixture is parsed natively (a deferral costs a user the WebAssembly start).
    expect(deferredValid).toEqual([]);
    expect(rejected).toBeGreaterThan(0);
  });

  const agrees = [
    'a = -1\nb = -x\nc = !true\nd = -0\ne = -1.5\nf = null\ng = [null, true, "x", 1]\nh = {}\ni = []\nj = ""\n',
    'a = "${1.50}x${true}${null}"\nb = 1e3\nc = 1.0\nd = 0.000\ne = 00012\nf = 1.5e-3\ng = 123456789012345678901234567890\n',
    'a = "x${a ? "y" : ""}"\nb = "${a ? b : c}"\nc = "p${x ? "a${y}" : z}q"\n',
    'a = {b = 1, "c" = 2, (d) = 3, e.f = 4, 5 = 6, x[0] = 7, "${y}" = 8, 1.5 = 9, true = 10, null = 11}\n',
    'a = <<-EOF\n    x\n      ${y}\n\n  z\n  EOF\nb = <<EOF\nhello $${x} \\n\nEOF\nc = <<EOF\nEOF\n',
    'a = <<-EOF\n\tx\n\t\ty\n\tEOF\nb = <<-EOF\n  a ${b}\n   c\n  EOF\nc = <<-EOF\n  ${b}\n   c\n  EOF\nd = <<-EOF\n    x\n  \n    y\n    EOF\n',
    'a = <<-EOF\n    %{ if x }\n    y\n    %{ endif }\n    EOF\nb = <<EOF\nx\n  EOF  \n',
    'a = "$${x}${y}"\nb = "$${x}"\nc = "%%{x}"\nd = "a\\nb\\t\\"\\\\ \\u00e9 \\U0001F600"\ne = "x $ y % z $"\nf = "%${x}"\n',
    'a = "%{if x}y%{else}z%{endif}"\nb = "%{if x}%{else}z%{endif}"\nc = "%{ for k, v in m }${k}=${v}%{ endfor }"\nd = "%{for x in y}%{endfor}"\n',
    'a = (1)\nb = [for x in y: x if x]\nc = {for k, v in y: k => v...}\nd = (1 +\n 2)\ne = [\n1,\n2,\n]\nf = {\n b = 1\n c = 2,\n}\n',
    'a = f(\n1,\n2...\n)\nb = f(1,)\nc = x.*.y\nd = x[*].y\ne = x[0].y["z"]\nf = x[y]\ng = x.0\nh = x[*]\ni = x[\n0\n]\n',
    'a = "${x}"\nb = "${ x }"\nc = "${"s"}"\nd = "${1}"\ne = "${[1]}"\nf = "${f(x)}"\ng = "${(x)}"\nh = "%{if (x)}y%{endif}"\n',
    'b "x" "y" {\n c = 1\n}\nb "x" "z" {}\nb "x" "y" {}\nc x y {}\nd "a\\"b" {}\ne { a = 1 }\nf {\n}\ng "%%{x}" "$${y}" {}\n',
    'a = 1\nb {}\nb = 2\n', 'a {}', 'a = f(x)', 'a = var.x',
    'a = 1 # c\nb = 2 // d\nc = 3 /* e */\n/* f\n*/ d = 4\n', '# only\n', '', '\n\n',
    'a = x ? y : z\nb = (x ?\n y : z)\nc = x && y || !z\nd = a == b\ne = "${x\n}"\nf = "${\n# c\nx}"\n',
    'a = {\n  "k" : "v"\n  k2 = [\n    1\n  ]\n}\nb = [<<EOF\nx\nEOF\n]\nc = f(<<EOF\nx\nEOF\n)\nd = { b = <<EOF\nx\nEOF\n}\ne = "é${x}ü"\n',
    'a = "${"}"}"\nb = "${{a = 1}}"\nc = "${ {a = 1}.a }"\nd = "%{ for x in [1,2] }${x}%{ endfor }"\ne = x.y.z\nf = true.x\ng = "s".x\nh = [1,2][0]\n',
    'a = -x.y\nb = -f(x)\nc = x-y\nd = x - y\ne = list(string)\nf = {a=1}\ng = {"a"=1, a=2}\n',
  ];
  it.each(agrees.map((t, i) => [i, t] as const))('parses edge case %i natively, as hcl2json does', async (_, text) => {
    expect(await check(text)).toBe('same');
  });

  const rejected = [
    'a = "\\q"\n', 'a = "\\u12"\n', 'a = "x\ny"\n', 'a = <<EOF\nx\nEOF', 'a = [for x in y: x => x]\n', 'a = {for x in y: x}\n',
    'a = 1 +\n 2\n', 'a = x ?\n y : z\n', 'a = { b = 1 c = 2 }\n', 'a = x.0.1\n', 'a = !1\n', 'a = -true\n', 'b "${x}" {}\n',
    'b { a = 1, }\n', 'b {} c {}\n', 'a = 1\na = 2\n', 'a = 1 /* x\n', 'a = 1 ;\n', 'a = 1.\n', 'a = "%{else}"\n', 'a = "%{endif}"\n',
    'a = "%{ if x }"\n', 'a = "%{ foo }"\n', 'a = x\n.y\n', 'b {}\nb "x" {}\n', 'b "x" {}\nb {}\n', 'b {\n', 'a = "${x"\n', 'a = f(x\n',
  ];
  it.each(rejected.map((t, i) => [i, t] as const))('defers malformed case %i to hcl2json, which rejects it', async (_, text) => {
    expect((await reference(text)).ok).toBe(false);
    expect(parseHclNative(text)).toBeUndefined();
  });

  // Windows line endings: CRLF is HCL's newline and its "\r" stays in heredocs and source slices; a lone CR
  // is valid only in a comment; one byte-order mark at the very start is dropped.
  const crlfAgrees = [
    'a = 1\r\nb = "x"\r\n', '\ufeffa = f(x)\r\nb = "${y}"\r\nc = [for x in y: x]\r\n', '\ufeff# c\r\n', '\ufeff',
    'a = <<EOF\r\nhello\r\n  world\r\nEOF\r\nb = 2\r\n',
    'a = <<-EOF\r\n    hello\r\n\r\n  \r\n      world ${x}\r\n    EOF\r\n',
    'a = <<EOF\r\nx\r\nEOF  \r\nb = <<-EOF\r\n  x\r\n  EOF\nc = <<EOF\r\nEOF\r\nd = <<-EOF\r\n  %{ if x }\r\n  y\r\n  %{ endif }\r\n  EOF\r\n',
    'a = f(\r\n 1,\r\n 2\r\n)\r\nb = [\r\n x,\r\n y\r\n]\r\nc = { a = x\r\n b = y }\r\nd = (x ?\r\n y : z)\r\ne = [for x in y:\r\n x]\r\nf = f(<<EOF\r\nx\r\nEOF\r\n)\r\n',
    'a = 1 # c\r\nb = 2 // d\r\n/* x\r\ny */\r\nc = 3 # e\rf\r\nd = 4 /* \r */\r\n# g\r',
    'a = "${x\r\n}"\r\nb = "${ x # c\r\n}"\r\nc = "%{ if x\r\n }y%{ endif }"\r\nd = "a\\r\\n"\r\ne = "${ f(\r\n1) }"\r\n',
    'b "x" {\r\n  c = 1\r\n}\r\nd {\r\n}\r\ne {}\r\n', 'a = 1\n\r\nb = 2\r\n\nc = <<EOF\nx\r\ny\nEOF\r\n',
  ];
  it.each(crlfAgrees.map((t, i) => [i, t] as const))('parses CRLF/BOM case %i natively, as hcl2json does', async (_, text) => {
    expect(await check(text)).toBe('same');
  });

  const crlfRejected = [
    'a = "x\r\ny"\r\n', 'a = "x\ry"\r\n', 'a = 1\r b = 2\r\n', 'a = <<EOF\r\nx\ry\r\nEOF\r\n', '\ufeff\ufeffa = 1\n', 'a = 1\r\n\ufeff\n',
    'a = "x\\\r\n"\r\n', 'a = 1\r', 'a = <<EOF\rx\rEOF\r', 'a = "${x}\r\n"\r\n', 'a = 1\r\r\n', 'a = "x"\r\n\ufeffb = 1\r\n',
  ];
  it.each(crlfRejected.map((t, i) => [i, t] as const))('defers malformed CR/BOM case %i to hcl2json, which rejects it', async (_, text) => {
    expect((await reference(text)).ok).toBe(false);
    expect(parseHclNative(text)).toBeUndefined();
  });

  const LONG = process.env.PACK_FUZZ === 'long';
  it('never accepts a mutated fixture that hcl2json rejects, and agrees on those it accepts', async () => {
    const texts = hclFiles.map((f) => readFileSync(f, 'utf8'));
    const pieces = ['{', '}', '[', ']', '(', ')', '"', '\n', '=', ',', '$', '%', '~', '#', '/', '*', '\\', ' ', '.', ':', '?', '<<EOF\n', '-', 'a', '1', '!', '\t', '${', '%{', 'EOF\n', '\r\n', '\r', '\ufeff'];
    const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom('delete', 'insert', 'copy', 'delete', 'insert', 'copy', 'crlf'), len: fc.integer({ min: 1, max: 20 }), from: fc.nat(), piece: fc.constantFrom(...pieces) });
    let same = 0;
    let sameCrlf = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (k, muts) => {
        let t = texts[k];
        for (const m of muts) {
          const at = m.at % (t.length + 1);
          // The whole file with Windows line endings (and, at times, a byte-order mark).
          if (m.op === 'crlf') t = (m.from % 4 === 0 ? '\ufeff' : '') + t.replace(/\r?\n/g, '\r\n');
          else if (m.op === 'delete') t = t.slice(0, at) + t.slice(at + m.len);
          else if (m.op === 'insert') t = t.slice(0, at) + m.piece + t.slice(at);
          else {
            const from = m.from % (t.length + 1);
            t = t.slice(0, at) + t.slice(from, from + m.len) + t.slice(at);
          }
        }
        if ((await check(t)) === 'same') {
          same++;
          if (t.includes('\r\n')) sameCrlf++;
        }
      }),
      { seed: Number(process.env.PACK_FUZZ_SEED ?? 12_2026), numRuns: LONG ? 50_000 : 1_000 },
    );
    // Many mutations leave a valid file (CRLF ones too): the comparison above ran on them, not only on deferrals.
    expect(same).toBeGreaterThan(100);
    expect(sameCrlf).toBeGreaterThan(50);
  }, LONG ? 3_600_000 : 120_000);
});
