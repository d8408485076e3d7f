// Ink turns every frame into text with @alcalzone/ansi-tokenize's styledCharsToString, which
// diffs the styles of each cell against the one before it by building three Sets and several
// arrays per cell, even when both are unstyled: megabytes of garbage a frame, most of the
// dashboard's allocation. It cuts every line of text into characters with tokenize, which asks
// Intl.Segmenter for each grapheme, and styledCharsFromTokens copies each character and its
// style list. The bundle (scripts/build.mjs) gives Ink this module instead: the library as it
// is, with styledCharsToString skipping the diff when neighbouring cells have the same styles
// (the diff of equal style lists is empty), tokenize taking a line of printable ASCII (most of
// a log pane) a character at a time (each is one grapheme, one column, no escape), and
// styledCharsFromTokens giving a run of characters one shared style list (nothing changes
// these lists: every library function copies before it changes one). Same output, byte for
// byte (test/dashboard/styled-chars.test.ts compares it with the library's).
import {
  ansiCodesToString,
  diffAnsiCodes,
  reduceAnsiCodesIncremental,
  tokenize as tokenizeAny,
  type AnsiCode,
  type StyledChar,
  type Token,
} from '@alcalzone/ansi-tokenize';

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

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function tokenize(str: string, endChar = Number.POSITIVE_INFINITY): Token[] {
  if (!PRINTABLE_ASCII.test(str)) return tokenizeAny(str, endChar);
  const ret: Token[] = [];
  // As the library: a character is taken before the width is checked.
  for (let i = 0; i < str.length; i++) {
    ret.push({ type: 'char', value: str[i]!, fullWidth: false });
    if (i + 1 >= endChar) break;
  }
  return ret;
}

export function styledCharsFromTokens(tokens: Token[]): StyledChar[] {
  const chars: StyledChar[] = [];
  let styles: AnsiCode[] = NONE;
  for (const token of tokens) {
    if (token.type === 'ansi') styles = reduceAnsiCodesIncremental(styles, [token]);
    else chars.push({ type: 'char', value: token.value, fullWidth: token.fullWidth, styles });
  }
  return chars;
}
