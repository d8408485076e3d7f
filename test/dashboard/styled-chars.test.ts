// Ink's frames go through our styledCharsToString (src/ui/terminal/styled-chars.ts, swapped in
// by the bundle): it must give the library's text, byte for byte, for any cells.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as library from '@alcalzone/ansi-tokenize';
import { styledCharsFromTokens, styledCharsToString, tokenize } from '../../src/ui/terminal/styled-chars.js';

const CODES = [
  '\x1b[0m',
  '\x1b[1m',
  '\x1b[2m',
  '\x1b[22m',
  '\x1b[3m',
  '\x1b[23m',
  '\x1b[4m',
  '\x1b[24m',
  '\x1b[7m',
  '\x1b[27m',
  '\x1b[31m',
  '\x1b[32m',
  '\x1b[39m',
  '\x1b[90m',
  '\x1b[41m',
  '\x1b[49m',
  '\x1b[1;31m',
  '\x1b[38;5;208m',
  '\x1b[38;2;10;20;30m',
  '\x1b[48;5;17m',
  '\x1b]8;;https://example.com\x07',
  '\x1b]8;;\x07',
];
const piece = fc.oneof(fc.constantFrom(...CODES), fc.constantFrom('a', ' ', 'é', '字', '─', '▏', '…', 'x'));
const line = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));

/** What Ink's Output does with a row: cells from several writes, blank cells between them. */
function row(texts: string[], blanks: number[], fromTokens = library.styledCharsFromTokens): library.StyledChar[] {
  const cells: library.StyledChar[] = [];
  texts.forEach((t, i) => {
    for (let b = 0; b < (blanks[i] ?? 0); b++) cells.push({ type: 'char', value: ' ', fullWidth: false, styles: [] });
    cells.push(...fromTokens(library.tokenize(t)));
  });
  return cells;
}

describe("Ink's styledCharsToString without its per-cell garbage", () => {
  it('gives the library text for styled lines', () => {
    for (const text of ['', 'plain', '\x1b[1mbold\x1b[22m plain', '\x1b[31mred\x1b[0m', '\x1b[1;32mgreen bold\x1b[39m still bold', '\x1b[2m\x1b[1mdim and bold\x1b[22m']) {
      const cells = library.styledCharsFromTokens(library.tokenize(text));
      expect(styledCharsToString(cells)).toBe(library.styledCharsToString(cells));
    }
  });

  it('gives the library text for any row of cells', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), fc.array(fc.nat(4), { maxLength: 5 }), (texts, blanks) => {
        const cells = row(texts, blanks);
        expect(styledCharsToString(cells)).toBe(library.styledCharsToString(cells));
        // Our cells (style lists shared along a run) read the same, through either.
        const ours = row(texts, blanks, styledCharsFromTokens);
        expect(ours).toEqual(cells);
        expect(styledCharsToString(ours)).toBe(library.styledCharsToString(cells));
        expect(library.styledCharsToString(ours)).toBe(library.styledCharsToString(cells));
      }),
      { seed: 16, numRuns: 500 },
    );
  });

  it('tokenizes any text as the library does, printable ASCII without the segmenter', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
    const anyText = fc.oneof(ascii, line, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
    fc.assert(
      fc.property(anyText, fc.option(fc.nat(70)), (text, endChar) => {
        const end = endChar ?? undefined;
        expect(tokenize(text, end)).toEqual(library.tokenize(text, end));
      }),
      { seed: 16, numRuns: 1000 },
    );
    expect(tokenize('a\x1b[1mb')).toEqual(library.tokenize('a\x1b[1mb'));
    expect(tokenize('tab\there')).toEqual(library.tokenize('tab\there'));
  });

  it('keeps the rest of the library as it is', async () => {
    const ours = await import('../../src/ui/terminal/styled-chars.js');
    expect(ours.diffAnsiCodes).toBe(library.diffAnsiCodes);
  });
});
