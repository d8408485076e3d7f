// Ink turns every frame into text with @alcalzone/ansi-tokenize's styledCharsToString, which
// diffs the styles of each cell against the one before it by building three Sets and several
// arrays per cell, even when both are unstyled: megabytes of garbage a frame, most of the
// dashboard's allocation. The bundle (scripts/build.mjs) gives Ink this module instead: the
// library as it is, with styledCharsToString skipping the diff when neighbouring cells have the
// same styles (the diff of equal style lists is empty). Same output, byte for byte
// (test/dashboard/styled-chars.test.ts compares it with the library's).
import { ansiCodesToString, diffAnsiCodes, type AnsiCode, type StyledChar } from '@alcalzone/ansi-tokenize';

export * from '@alcalzone/ansi-tokenize';

const NONE: AnsiCode[] = [];

function sameCodes(a: AnsiCode[], b: AnsiCode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.code !== b[i]!.code || a[i]!.endCode !== b[i]!.endCode) return false;
  }
  return true;
}

export function styledCharsToString(chars: StyledChar[]): string {
  let ret = '';
  // The first cell's codes are its styles deduplicated, which is what the diff from no styles gives.
  let prev = NONE;
  for (const char of chars) {
    if (!sameCodes(prev, char.styles)) ret += ansiCodesToString(diffAnsiCodes(prev, char.styles));
    ret += char.value;
    prev = char.styles;
  }
  if (chars.length > 0 && prev.length > 0) ret += ansiCodesToString(diffAnsiCodes(prev, NONE));
  return ret;
}
