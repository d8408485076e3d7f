import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatHcl } from '../../src/template/fmt/hcl.js';
import { lexHcl } from '../../src/template/fmt/hcl-lex.js';
import { parseHclText } from '../../src/template/hcl/parse.js';

const roots = ['../fixtures/templates/fmt', '../fixtures/templates/verdicts/accept', '../fixtures/templates/verdicts/reject'].map((r) => join(__dirname, r));
const files = roots.flatMap((r) => readdirSync(r).filter((f) => f.endsWith('.pkr.hcl')).map((f) => join(r, f)));

describe('HCL formatting', () => {
  it('is idempotent and keeps the meaning of every fixture', async () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const once = formatHcl(text);
      expect(formatHcl(once), f).toBe(once);
      let before: unknown;
      try {
        before = await parseHclText(f, text);
      } catch {
        continue; // syntax-error fixtures
      }
      // hcl2json returns expressions as their source text: compare without the spacing.
      const squash = (v: unknown) => JSON.stringify(v).replace(/\\[tnr]|\s+/g, '');
      expect(squash(await parseHclText(f, once)), f).toBe(squash(before));
    }
  });
  it('spaces tokens as hclwrite does', () => {
    const one = (line: string) => formatHcl(`x = ${line}\n`).slice(4, -1);
    expect(one('[1,2]')).toBe('[1, 2]');
    expect(one('{k="v"}')).toBe('{ k = "v" }');
    expect(one('f( x , -1 )*2')).toBe('f(x, -1) * 2');
    expect(one('x.y[0].z')).toBe('x.y[0].z');
    expect(one('"a  =  b"')).toBe('"a  =  b"');
    expect(one('[for s in x: s]')).toBe('[for s in x : s]');
    expect(one('"${ var.a }${var.b}"')).toBe('"${var.a}${var.b}"');
    expect(one('!true')).toBe('! true');
    expect(one('"x"[0]')).toBe('"x" [0]');
    expect(one('{}')).toBe('{}');
  });
  it('aligns "=" and trailing comments, keeps CRLF and a missing final newline', () => {
    expect(formatHcl('a=1 # x\r\nlong = 2 # y\r\n\r\nb = 3')).toBe('a    = 1 # x\r\nlong = 2 # y\r\n\r\nb = 3');
    expect(formatHcl('m = {\n"k" = 1\nlonger = 2\n}\n')).toBe('m = {\n  "k"    = 1\n  longer = 2\n}\n');
    expect(formatHcl('é = 1\nbb = 2\n')).toBe('é  = 1\nbb = 2\n');
  });
  it('keeps the words and strings of any line it can tokenize', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '=', '1', '"s  t"', ',', '(', ')', '[', ']', '{', '}', '+', '-', '.', 'x', '?', ':', '!'), { maxLength: 12 }), (toks) => {
        const line = toks.join(' ');
        const squash = (s: string) => s.replace(/\s+/g, '');
        expect(squash(formatHcl(line))).toBe(squash(line));
      }),
    );
  });
});

describe('a lone CR', () => {
  it("is an invalid character between tokens, as HCL's scanner has it (not whitespace); comment text in a comment", () => {
    const types = (src: string) => lexHcl(src).map((t) => [t.type, t.text]);
    expect(types('a = 1\r b = 2')).toContainEqual(['invalid', '\r']);
    expect(types('a = 1\rb = 2\n').filter(([t]) => t === 'invalid')).toEqual([['invalid', '\r']]);
    expect(types('a = 1 # x\ry\n')).toContainEqual(['comment', '# x\ry\n']);
    expect(types('a = 1\r\n')).toEqual([['ident', 'a'], ['equal', '='], ['number', '1'], ['newline', '\r\n']]);
    // The formatter keeps every byte of a token: the CR is not dropped as spacing would be.
    expect(formatHcl('a = 1\r b = 2\n')).toContain('\r');
  });
});

describe('HCL formatting of edited templates', () => {
  it('never changes the meaning of a file HCL can parse', async () => {
    const seeds = files.map((f) => readFileSync(f, 'utf8'));
    const edit = fc
      .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.constantFrom(' ', '  ', '\n', '\t', '=', ',', '[', ']', '{', '}', '"x"', '# c\n', '-', '!', '1', 'a')), { minLength: 1, maxLength: 3 }))
      .map(([seed, edits]) => {
        let s = seed;
        for (const [at, del, ins] of edits) {
          const i = at % (s.length + 1);
          s = s.slice(0, i) + ins + s.slice(i + del);
        }
        return s;
      });
    const squash = (v: unknown) => JSON.stringify(v).replace(/\\[tnr]|\s+/g, '');
    await fc.assert(
      fc.asyncProperty(edit, async (text) => {
        let before: unknown;
        try {
          before = await parseHclText('t.pkr.hcl', text);
        } catch {
          return; // pack fmt refuses files that do not parse
        }
        const once = formatHcl(text);
        expect(squash(await parseHclText('t.pkr.hcl', once))).toBe(squash(before));
        expect(formatHcl(once)).toBe(once);
      }),
      { numRuns: Number(process.env.FMT_RUNS ?? 150) },
    );
  });
});
