// Tokens for the native HCL parser: our formatter's lexer (fmt/hcl-lex.ts), checked against what HCL's
// scanner would cut differently, and a peeker that skips newlines where HCL's parser does (inside
// parentheses, brackets and template sequences) and comments everywhere (a line comment counts as the
// newline it ends with).
import { lexHcl, type Tok, type TokType } from '../../fmt/hcl-lex.js';
import { unsure } from './ast.js';

export type { Tok, TokType };

const ASCII_IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** HCL's NumberLit: a digit, then digits, dots and exponents, not ending with a dot. */
const HCL_NUMBER = /\d(?:\d|\.|[eE][+-]?\d)*/y;

/**
 * CRLF line endings are HCL's newlines (their "\r" stays in heredoc text and source slices, as hcl2json
 * keeps it). A lone CR is valid only inside a comment (elsewhere HCL calls it an invalid character or a
 * broken string), and a byte-order mark only at the start, which the caller strips as hcl2json does.
 */
export function tokenize(src: string): Tok[] {
  if (src.includes('\ufeff')) unsure('byte-order mark past the start');
  const toks = lexHcl(src);
  if (LONE_CR.test(src)) checkLoneCRs(src, toks);
  for (const t of toks) {
    switch (t.type) {
      case 'invalid':
        unsure(`invalid character ${JSON.stringify(t.text)}`);
        break;
      case 'ident':
        if (!ASCII_IDENT.test(t.text)) unsure('non-ASCII identifier');
        break;
      case 'number': {
        HCL_NUMBER.lastIndex = t.start;
        const m = HCL_NUMBER.exec(src)![0].replace(/\.+$/, '');
        if (m !== t.text) unsure('number HCL scans differently');
        break;
      }
      case 'comment':
        if (t.text.startsWith('/*') && !t.text.endsWith('*/')) unsure('unterminated comment');
        break;
      case 'interp':
      case 'control':
      case 'seqend':
        if (t.text.includes('~')) unsure('template strip marker');
        break;
      case 'cheredoc':
        if (!src.startsWith('\n', t.start + t.text.length) && !src.startsWith('\r\n', t.start + t.text.length)) unsure('heredoc marker not followed by a newline');
        break;
      default:
    }
  }
  return toks;
}

const LONE_CR = /\r(?!\n)/;

/** Defers unless every lone CR lies inside a comment (the only place HCL accepts one). */
function checkLoneCRs(src: string, toks: Tok[]): void {
  const re = new RegExp(LONE_CR.source, 'g');
  let k = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    while (k < toks.length && toks[k].start + toks[k].text.length <= m.index) k++;
    const t = toks[k];
    if (!t || t.type !== 'comment' || t.start > m.index) unsure('lone carriage return');
  }
}

export interface Peeked {
  type: TokType | 'eof';
  tok?: Tok;
  next: number;
}

export class Peeker {
  private i = 0;
  private lastEnd = 0;
  private readonly newlines: boolean[] = [true];
  constructor(
    readonly src: string,
    readonly toks: Tok[],
  ) {}

  pushNewlines(include: boolean): void {
    this.newlines.push(include);
  }
  popNewlines(): void {
    this.newlines.pop();
  }

  peek(): Peeked {
    const nl = this.newlines[this.newlines.length - 1];
    for (let j = this.i; j < this.toks.length; j++) {
      const t = this.toks[j];
      if (t.type === 'comment') {
        if (nl && t.text.endsWith('\n')) return { type: 'newline', tok: t, next: j + 1 };
        continue;
      }
      if (t.type === 'newline' && !nl) continue;
      return { type: t.type, tok: t, next: j + 1 };
    }
    return { type: 'eof', next: this.toks.length };
  }

  read(): Peeked {
    const p = this.peek();
    this.i = p.next;
    if (p.tok) this.lastEnd = p.tok.start + p.tok.text.length;
    return p;
  }

  /** The next token exactly as lexed (template literal parts, which have no newline or comment tokens). */
  readRaw(): Peeked {
    const t = this.toks[this.i];
    if (!t) return { type: 'eof', next: this.i };
    this.i++;
    this.lastEnd = t.start + t.text.length;
    return { type: t.type, tok: t, next: this.i };
  }

  expect(type: TokType): Tok {
    const p = this.read();
    if (p.type !== type) unsure(`expected ${type}, found ${p.type}`);
    return p.tok!;
  }

  isKeyword(word: string): boolean {
    const p = this.peek();
    return p.type === 'ident' && p.tok!.text === word;
  }

  /** Start offset of the next token (the source's length at the end). */
  nextStart(): number {
    const p = this.peek();
    return p.tok ? p.tok.start : this.src.length;
  }

  /** End offset of the last token read: where the expression just parsed ends. */
  prevEnd(): number {
    return this.lastEnd;
  }
}
