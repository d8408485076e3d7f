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

export function tokenize(src: string): Tok[] {
  // Lone CRs, a byte-order mark and other rarities: hcl2json decides.
  if (src.includes('\r') || src.charCodeAt(0) === 0xfeff) unsure('carriage return or BOM');
  const toks = lexHcl(src);
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
        if (src[t.start + t.text.length] !== '\n') unsure('heredoc marker not followed by a newline');
        break;
      default:
    }
  }
  return toks;
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
