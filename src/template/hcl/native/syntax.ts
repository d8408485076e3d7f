// A recursive-descent parser for HCL's native syntax, following hclsyntax's grammar (parser.go): where
// newlines end an item and where they are skipped, what is a literal, a traversal or a template. It
// keeps only what hcl2json's conversion reads; on anything HCL would report (or that it is not sure of)
// it throws NotNative and the caller asks hcl2json, so errors stay HCL's own.
import { unsure, type Body, type Block, type Expr } from './ast.js';
import { Peeker, type Tok } from './tokens.js';
import { flushHeredoc, meldLiterals, nestDirectives, unescapeLiteral, type FlatPart } from './template.js';

const BINARY_LEVELS: string[][] = [['or'], ['and'], ['eqop', 'neop'], ['gt', 'ge', 'lt', 'le'], ['plus', 'minus'], ['star', 'slash', 'percent']];

export class Parser {
  constructor(readonly p: Peeker) {}

  // ---- bodies ----

  body(end: 'eof' | 'cbrace'): Body {
    const p = this.p;
    const body: Body = { attrs: new Map(), blocks: [] };
    for (;;) {
      const next = p.peek();
      if (next.type === end) {
        p.read();
        return body;
      }
      if (next.type === 'newline') {
        p.read();
        continue;
      }
      if (next.type !== 'ident') unsure(`body item starting with ${next.type}`);
      this.bodyItem(body, false);
    }
  }

  private bodyItem(body: Body, singleLine: boolean): void {
    const p = this.p;
    const name = p.expect('ident').text;
    const next = p.peek();
    if (next.type === 'equal') {
      p.read();
      if (body.attrs.has(name)) unsure('attribute redefined');
      body.attrs.set(name, this.expression());
      if (singleLine) return;
      const end = p.peek();
      if (end.type !== 'newline' && end.type !== 'eof') unsure('missing newline after argument');
      p.read();
      return;
    }
    if (singleLine || (next.type !== 'oquote' && next.type !== 'obrace' && next.type !== 'ident')) unsure('argument or block definition required');
    body.blocks.push(this.block(name));
  }

  private block(type: string): Block {
    const p = this.p;
    const labels: string[] = [];
    for (;;) {
      const t = p.peek();
      if (t.type === 'obrace') break;
      if (t.type === 'ident') labels.push(p.read().tok!.text);
      else if (t.type === 'oquote') labels.push(this.quotedLiteral());
      else unsure('invalid block definition');
    }
    p.read(); // {
    let body: Body;
    const first = p.peek().type;
    if (first === 'newline' || first === 'eof' || first === 'cbrace') body = this.body('cbrace');
    else {
      body = { attrs: new Map(), blocks: [] };
      this.bodyItem(body, true);
      p.expect('cbrace');
    }
    const eol = p.peek();
    if (eol.type !== 'newline' && eol.type !== 'eof') unsure('missing newline after block');
    p.read();
    return { type, labels, body };
  }

  /** A block label: a quoted string with no template sequences. */
  private quotedLiteral(): string {
    const p = this.p;
    p.read(); // "
    let out = '';
    for (;;) {
      const t = p.readRaw();
      if (t.type === 'cquote') return out;
      if (t.type !== 'lit') unsure('template sequence in a label');
      out += unescapeLiteral(t.tok!.text, true, true);
    }
  }

  // ---- expressions ----

  expression(): Expr {
    const p = this.p;
    const c = this.binary(0);
    if (p.peek().type !== 'question') return c;
    p.read();
    const t = this.expression();
    p.expect('colon');
    const f = this.expression();
    return { k: 'cond', c, t, f, s: c.s, e: f.e };
  }

  private binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return this.withTraversals();
    const ops = BINARY_LEVELS[level];
    const lhs = this.binary(level + 1);
    let e = lhs.e;
    let any = false;
    while (ops.includes(this.p.peek().type)) {
      this.p.read();
      e = this.binary(level + 1).e;
      any = true;
    }
    return any ? { k: 'other', s: lhs.s, e } : lhs;
  }

  private withTraversals(): Expr {
    return this.traversals(this.term());
  }

  private traversals(from: Expr): Expr {
    const p = this.p;
    let kind: 'trav' | 'other' = from.k === 'trav' ? 'trav' : 'other';
    let steps = 0;
    for (;;) {
      const next = p.peek();
      if (next.type === 'dot') {
        p.read();
        const a = p.read();
        if (a.type === 'ident') {
          // attribute
        } else if (a.type === 'number') {
          if (a.tok!.text.includes('.')) unsure('chained legacy index');
        } else if (a.type === 'star') {
          kind = 'other';
          while (p.peek().type === 'dot') {
            p.read();
            const b = p.read();
            if (b.type === 'number' ? b.tok!.text.includes('.') : b.type !== 'ident') unsure('splat traversal');
          }
        } else unsure('attribute name required after a dot');
      } else if (next.type === 'obrack') {
        p.read();
        if (p.peek().type === 'star') {
          p.read();
          p.expect('cbrack');
          kind = 'other';
          steps++;
          continue;
        }
        p.pushNewlines(false);
        const key = this.expression();
        p.expect('cbrack');
        p.popNewlines();
        const literalKey = key.k === 'num' || key.k === 'bool' || key.k === 'null' || (key.k === 'tmpl' && key.parts.length === 1 && key.parts[0].k === 'str');
        if (!literalKey) kind = 'other';
      } else break;
      steps++;
    }
    if (steps === 0) return from;
    return { k: kind, s: from.s, e: p.prevEnd() };
  }

  private term(): Expr {
    const p = this.p;
    const start = p.peek();
    const s = start.tok ? start.tok.start : p.src.length;
    switch (start.type) {
      case 'oparen': {
        p.read();
        p.pushNewlines(false);
        this.expression();
        p.expect('cparen');
        p.popNewlines();
        return { k: 'other', s, e: p.prevEnd() };
      }
      case 'number': {
        p.read();
        return { k: 'num', text: start.tok!.text, s, e: p.prevEnd() };
      }
      case 'ident': {
        p.read();
        if (p.peek().type === 'oparen') return this.call(s);
        const name = start.tok!.text;
        const e = p.prevEnd();
        if (name === 'true' || name === 'false') return { k: 'bool', v: name === 'true', s, e };
        if (name === 'null') return { k: 'null', s, e };
        return { k: 'trav', s, e };
      }
      case 'oquote':
      case 'oheredoc':
        return this.template();
      case 'minus':
      case 'bang': {
        p.read();
        const val = this.withTraversals();
        return { k: 'unary', op: start.type === 'minus' ? '-' : '!', val, s, e: val.e };
      }
      case 'obrack':
        return this.tuple(s);
      case 'obrace':
        return this.object(s);
      default:
        return unsure(`expression starting with ${start.type}`);
    }
  }

  private call(s: number): Expr {
    const p = this.p;
    p.read(); // (
    p.pushNewlines(false);
    for (;;) {
      if (p.peek().type === 'cparen') {
        p.read();
        break;
      }
      this.expression();
      const sep = p.read();
      if (sep.type === 'cparen') break;
      if (sep.type === 'ellipsis') {
        p.expect('cparen');
        break;
      }
      if (sep.type !== 'comma') unsure('missing argument separator');
    }
    p.popNewlines();
    return { k: 'other', s, e: p.prevEnd() };
  }

  private tuple(s: number): Expr {
    const p = this.p;
    p.read(); // [
    p.pushNewlines(false);
    if (p.isKeyword('for')) {
      this.forExpr('cbrack');
      p.popNewlines();
      return { k: 'other', s, e: p.prevEnd() };
    }
    const items: Expr[] = [];
    for (;;) {
      if (p.peek().type === 'cbrack') break;
      items.push(this.expression());
      const next = p.peek().type;
      if (next === 'cbrack') break;
      if (next !== 'comma') unsure('missing item separator');
      p.read();
    }
    p.read(); // ]
    p.popNewlines();
    return { k: 'tuple', items, s, e: p.prevEnd() };
  }

  private object(s: number): Expr {
    const p = this.p;
    p.read(); // {
    p.pushNewlines(false);
    const isFor = p.isKeyword('for');
    p.popNewlines();
    if (isFor) {
      p.pushNewlines(false);
      this.forExpr('cbrace');
      p.popNewlines();
      return { k: 'other', s, e: p.prevEnd() };
    }
    p.pushNewlines(true);
    const items: { key: Expr; val: Expr }[] = [];
    for (;;) {
      const next = p.peek().type;
      if (next === 'newline') {
        p.read();
        continue;
      }
      if (next === 'cbrace') break;
      const key = this.expression();
      const sep = p.read().type;
      if (sep !== 'equal' && sep !== 'colon') unsure('missing key/value separator');
      items.push({ key, val: this.expression() });
      const after = p.peek().type;
      if (after === 'cbrace') break;
      if (after !== 'comma' && after !== 'newline') unsure('missing attribute separator');
      p.read();
    }
    p.read(); // }
    p.popNewlines();
    return { k: 'object', items, s, e: p.prevEnd() };
  }

  /** After "[" or "{": for k, v in coll : [key =>] value [...] [if cond] closer. */
  private forExpr(close: 'cbrack' | 'cbrace'): void {
    const p = this.p;
    p.read(); // for
    p.expect('ident');
    if (p.peek().type === 'comma') {
      p.read();
      p.expect('ident');
    }
    if (!p.isKeyword('in')) unsure("'in' expected");
    p.read();
    this.expression();
    p.expect('colon');
    this.expression();
    let hasKey = false;
    if (p.peek().type === 'arrow') {
      p.read();
      this.expression();
      hasKey = true;
    }
    let group = false;
    if (p.peek().type === 'ellipsis') {
      p.read();
      group = true;
    }
    if (p.isKeyword('if')) {
      p.read();
      this.expression();
    }
    p.expect(close);
    if (close === 'cbrack' ? hasKey || group : !hasKey) unsure("invalid 'for' expression");
  }

  // ---- templates ----

  private template(): Expr {
    const p = this.p;
    const open = p.read().tok!;
    const heredoc = open.type === 'oheredoc';
    const closer = heredoc ? 'cheredoc' : 'cquote';
    let parts: FlatPart[] = [];
    let endTok: Tok;
    for (;;) {
      const t = p.readRaw();
      if (t.type === closer) {
        endTok = t.tok!;
        break;
      }
      const tok = t.tok;
      if (!tok) return unsure('unterminated template');
      const s = tok.start;
      if (t.type === 'lit') parts.push({ k: 'str', v: unescapeLiteral(tok.text, !heredoc), s, e: s + tok.text.length });
      else if (t.type === 'interp') {
        p.pushNewlines(false);
        parts.push(this.expression());
        p.expect('seqend');
        p.popNewlines();
      } else if (t.type === 'control') {
        p.pushNewlines(false);
        const kw = p.expect('ident').text;
        if (kw === 'if') parts.push({ k: 'if', c: this.expression(), s, e: p.nextStart() });
        else if (kw === 'for') {
          let key: string | undefined;
          let val = p.expect('ident').text;
          if (p.peek().type === 'comma') {
            p.read();
            key = val;
            val = p.expect('ident').text;
          }
          if (!p.isKeyword('in')) unsure("'in' expected");
          p.read();
          parts.push({ k: 'for', key, val, coll: this.expression(), s, e: p.nextStart() });
        } else if (kw === 'else' || kw === 'endif' || kw === 'endfor') parts.push({ k: kw, s, e: p.nextStart() });
        else unsure('template control keyword');
        p.expect('seqend');
        p.popNewlines();
      } else unsure(`${t.type} in a template`);
    }
    const s = open.start;
    const e = endTok.start + endTok.text.length;
    if (parts.length === 0) parts.push({ k: 'str', v: '', s: open.start + open.text.length, e: open.start + open.text.length });
    if (heredoc && open.text.startsWith('<<-')) flushHeredoc(parts);
    parts = meldLiterals(parts);
    if (parts.length === 1 && !['str', 'if', 'for', 'else', 'endif', 'endfor'].includes(parts[0].k)) return { k: 'wrap', inner: parts[0] as Expr, s, e };
    return { k: 'tmpl', parts: nestDirectives(parts), s, e };
  }
}
