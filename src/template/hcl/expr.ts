// A parser for HCL2 expressions and string templates, as they come out of hcl2json ("${...}" strings).
// Covers what Packer templates use: literals, var./local./source. references, attribute and index
// access, function calls, tuples, objects, operators, conditionals and for expressions.

export type Expr =
  | { t: 'lit'; v: unknown }
  | { t: 'tmpl'; parts: (string | Expr)[] }
  | { t: 'tif'; c: Expr; a: Expr; b?: Expr }
  | { t: 'tfor'; keyVar?: string; valVar: string; coll: Expr; body: Expr }
  | { t: 'ref'; name: string }
  | { t: 'attr'; obj: Expr; name: string }
  | { t: 'index'; obj: Expr; key: Expr }
  | { t: 'splat'; obj: Expr; attrs: string[] }
  | { t: 'call'; name: string; args: Expr[]; expand: boolean }
  | { t: 'tuple'; items: Expr[] }
  | { t: 'object'; items: [Expr, Expr][] }
  | { t: 'unary'; op: '-' | '!'; e: Expr }
  | { t: 'bin'; op: string; l: Expr; r: Expr }
  | { t: 'cond'; c: Expr; a: Expr; b: Expr }
  | { t: 'for'; keyVar?: string; valVar: string; coll: Expr; keyExpr?: Expr; valExpr: Expr; cond?: Expr; object: boolean; group: boolean };

export class HclExprError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const BIN_PREC: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(msg: string, at = this.i): never {
    throw new HclExprError(msg, at);
  }
  ws(): void {
    for (;;) {
      while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
      if (this.s.startsWith('#', this.i) || this.s.startsWith('//', this.i)) {
        const e = this.s.indexOf('\n', this.i);
        this.i = e < 0 ? this.s.length : e;
      } else if (this.s.startsWith('/*', this.i)) {
        const e = this.s.indexOf('*/', this.i);
        this.i = e < 0 ? this.s.length : e + 2;
      } else return;
    }
  }
  peek(tok: string): boolean {
    this.ws();
    return this.s.startsWith(tok, this.i);
  }
  eat(tok: string): boolean {
    if (this.peek(tok)) {
      this.i += tok.length;
      return true;
    }
    return false;
  }
  expect(tok: string): void {
    if (!this.eat(tok)) this.fail(`expected "${tok}"${this.i < this.s.length ? ` but found "${this.s[this.i]}"` : ' but the expression ended'}`);
  }
  ident(): string | undefined {
    this.ws();
    const m = /^[A-Za-z_][\w-]*/.exec(this.s.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  expr(): Expr {
    const c = this.binary(0);
    if (this.peek('?')) {
      this.i++;
      const a = this.expr();
      this.expect(':');
      const b = this.expr();
      return { t: 'cond', c, a, b };
    }
    return c;
  }
  binary(minPrec: number): Expr {
    let l = this.unary();
    for (;;) {
      this.ws();
      const op = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%'].find((o) => this.s.startsWith(o, this.i));
      if (!op || BIN_PREC[op] <= minPrec) return l;
      // "=>" inside for expressions is not a comparison.
      if ((op === '>' || op === '>=') && this.s[this.i - 1] === '=') return l;
      this.i += op.length;
      const r = this.binary(BIN_PREC[op]);
      l = { t: 'bin', op, l, r };
    }
  }
  unary(): Expr {
    if (this.eat('!')) return { t: 'unary', op: '!', e: this.unary() };
    if (this.peek('-') && !this.s.startsWith('->', this.i)) {
      this.i++;
      return { t: 'unary', op: '-', e: this.unary() };
    }
    return this.postfix(this.primary());
  }
  postfix(e: Expr): Expr {
    for (;;) {
      if (this.peek('.*')) {
        this.i += 2;
        const attrs: string[] = [];
        while (this.peek('.') && !this.peek('.*')) {
          this.i++;
          attrs.push(this.ident() ?? this.fail('expected an attribute name after "."'));
        }
        e = { t: 'splat', obj: e, attrs };
      } else if (this.peek('[*]')) {
        this.i += 3;
        const attrs: string[] = [];
        while (this.peek('.')) {
          this.i++;
          attrs.push(this.ident() ?? this.fail('expected an attribute name after "."'));
        }
        e = { t: 'splat', obj: e, attrs };
      } else if (this.peek('.') && !this.peek('...')) {
        this.i++;
        this.ws();
        const num = /^\d+/.exec(this.s.slice(this.i));
        if (num) {
          this.i += num[0].length;
          e = { t: 'index', obj: e, key: { t: 'lit', v: Number(num[0]) } };
        } else e = { t: 'attr', obj: e, name: this.ident() ?? this.fail('expected an attribute name after "."') };
      } else if (this.peek('[')) {
        this.i++;
        const key = this.expr();
        this.expect(']');
        e = { t: 'index', obj: e, key };
      } else return e;
    }
  }
  primary(): Expr {
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) this.fail('expected an expression but the text ended');
    if (c === '(') {
      this.i++;
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (c === '"') return this.quoted();
    if (c === '<' && this.s.startsWith('<<', this.i)) return this.heredoc();
    if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i))!;
      this.i += m[0].length;
      return { t: 'lit', v: Number(m[0]) };
    }
    if (c === '[') return this.tuple();
    if (c === '{') return this.object();
    const id = this.ident();
    if (!id) this.fail(`unexpected "${c}" in expression`);
    if (id === 'true' || id === 'false') return { t: 'lit', v: id === 'true' };
    if (id === 'null') return { t: 'lit', v: null };
    if (this.peek('(')) {
      this.i++;
      const args: Expr[] = [];
      let expand = false;
      while (!this.eat(')')) {
        args.push(this.expr());
        if (this.eat('...')) expand = true;
        if (!this.eat(',')) {
          this.expect(')');
          break;
        }
      }
      return { t: 'call', name: id, args, expand };
    }
    return { t: 'ref', name: id };
  }
  tuple(): Expr {
    this.expect('[');
    this.ws();
    if (/^for\s/.test(this.s.slice(this.i))) return this.forExpr(false);
    const items: Expr[] = [];
    while (!this.eat(']')) {
      items.push(this.expr());
      if (!this.eat(',')) {
        this.expect(']');
        break;
      }
    }
    return { t: 'tuple', items };
  }
  object(): Expr {
    this.expect('{');
    this.ws();
    if (/^for\s/.test(this.s.slice(this.i))) return this.forExpr(true);
    const items: [Expr, Expr][] = [];
    while (!this.eat('}')) {
      this.ws();
      let key: Expr;
      const save = this.i;
      const id = this.ident();
      if (id && (this.peek('=') || this.peek(':')) && !this.peek('==')) key = { t: 'lit', v: id };
      else {
        this.i = save;
        key = this.expr();
      }
      if (!this.eat('=') && !this.eat(':')) this.fail('expected "=" after an object key');
      items.push([key, this.expr()]);
      this.eat(',');
    }
    return { t: 'object', items };
  }
  /** After "for": `VALUE in COLL` or `KEY, VALUE in COLL` (for expressions and %{ for } directives). */
  forHeader(): { keyVar?: string; valVar: string; coll: Expr } {
    const first = this.ident() ?? this.fail('expected a variable name after "for"');
    let keyVar: string | undefined;
    let valVar = first;
    if (this.eat(',')) {
      keyVar = first;
      valVar = this.ident() ?? this.fail('expected a second variable name');
    }
    if (this.ident() !== 'in') this.fail('expected "in"');
    return { keyVar, valVar, coll: this.expr() };
  }
  forExpr(object: boolean): Expr {
    this.ident(); // for
    const { keyVar, valVar, coll } = this.forHeader();
    this.expect(':');
    let keyExpr: Expr | undefined;
    let valExpr = this.expr();
    if (object) {
      this.expect('=>');
      keyExpr = valExpr;
      valExpr = this.expr();
    }
    const group = object && this.eat('...');
    let cond: Expr | undefined;
    this.ws();
    if (/^if\s/.test(this.s.slice(this.i))) {
      this.i += 2;
      cond = this.expr();
    }
    this.expect(object ? '}' : ']');
    return { t: 'for', keyVar, valVar, coll, keyExpr, valExpr, cond, object, group };
  }
  quoted(): Expr {
    this.i++; // "
    const parts = this.templateParts('"');
    return parts;
  }
  heredoc(): Expr {
    const m = /^<<(-?)([A-Za-z_]\w*)\r?\n/.exec(this.s.slice(this.i));
    if (!m) this.fail('bad heredoc');
    this.i += m[0].length;
    const lines: string[] = [];
    for (;;) {
      const e = this.s.indexOf('\n', this.i);
      const l = this.s.slice(this.i, e < 0 ? this.s.length : e);
      this.i = e < 0 ? this.s.length : e + 1;
      if (l.trim() === m[2]) break;
      if (e < 0) this.fail('unterminated heredoc');
      lines.push(l);
    }
    let body = lines.map((l) => l + '\n').join('');
    if (m[1]) {
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
      body = lines.map((l) => l.slice(indent) + '\n').join('');
    }
    return parseTemplate(body);
  }
  /** Template text until `end` (a quote) or the end of the input; inside a directive, until one of `stops`. */
  templateParts(end: '"' | undefined, stops: string[] = []): Expr & { stoppedBy?: string } {
    const parts: (string | Expr)[] = [];
    let lit = '';
    let stripNext = false;
    const s = this.s;
    const flush = () => {
      if (lit) parts.push(lit);
      lit = '';
    };
    // "~" before a closing brace strips the whitespace that follows; after an opening one, what precedes.
    const stripBefore = () => {
      if (lit) lit = lit.replace(/\s+$/, '');
      else if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] = (parts[parts.length - 1] as string).replace(/\s+$/, '');
    };
    const closeBrace = () => {
      this.ws();
      if (s[this.i] === '~') {
        this.i++;
        stripNext = true;
      }
      this.expect('}');
    };
    while (this.i < s.length) {
      const c = s[this.i];
      if (stripNext) {
        if (/\s/.test(c)) {
          this.i++;
          continue;
        }
        stripNext = false;
      }
      if (end && c === end) {
        this.i++;
        if (stops.length) this.fail(`expected %{ ${stops.join(' or ')} } before the end of the string`);
        flush();
        return { t: 'tmpl', parts };
      }
      if (end && c === '\\') {
        const n = s[this.i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (n === 'u' || n === 'U') {
          const len = n === 'u' ? 4 : 8;
          lit += String.fromCodePoint(parseInt(s.slice(this.i + 2, this.i + 2 + len), 16) || 0xfffd);
          this.i += 2 + len;
        } else if (n in map) {
          lit += map[n];
          this.i += 2;
        } else this.fail(`invalid escape "\\${n ?? ''}" in a string`);
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        lit += c + '{';
        this.i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        this.i += 2;
        if (s[this.i] === '~') {
          this.i++;
          stripBefore();
        }
        flush();
        if (c === '$') {
          parts.push(this.expr());
          closeBrace();
          continue;
        }
        const at = this.i;
        const kw = this.ident();
        if (kw && stops.includes(kw)) {
          closeBrace();
          const out: Expr & { stoppedBy?: string } = { t: 'tmpl', parts };
          out.stoppedBy = kw;
          this.stripAfterStop = stripNext;
          return out;
        }
        if (kw === 'if') {
          const cond = this.expr();
          closeBrace();
          const a = this.nested(end, ['else', 'endif'], stripNext);
          let b: Expr | undefined;
          if (a.stoppedBy === 'else') b = this.nested(end, ['endif'], this.stripAfterStop);
          stripNext = this.stripAfterStop;
          parts.push({ t: 'tif', c: cond, a, b });
          continue;
        }
        if (kw === 'for') {
          const { keyVar, valVar, coll } = this.forHeader();
          closeBrace();
          const body = this.nested(end, ['endfor'], stripNext);
          stripNext = this.stripAfterStop;
          parts.push({ t: 'tfor', keyVar, valVar, coll, body });
          continue;
        }
        this.fail(`unexpected template directive "${kw ?? ''}"${stops.length ? ` (expected ${stops.join(' or ')})` : ' (expected if or for)'}`, at);
      }
      lit += c;
      this.i++;
    }
    if (end) this.fail('unterminated string');
    if (stops.length) this.fail(`expected %{ ${stops.join(' or ')} } before the end of the template`);
    flush();
    return { t: 'tmpl', parts };
  }
  stripAfterStop = false;
  /** The body of a directive, starting with the whitespace stripping its opening asked for. */
  private nested(end: '"' | undefined, stops: string[], strip: boolean): Expr & { stoppedBy?: string } {
    if (strip) while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
    return this.templateParts(end, stops);
  }
}

/** Parses a whole expression (the inside of "${...}" or a -var value). */
export function parseExpression(text: string): Expr {
  const p = new Parser(text);
  const e = p.expr();
  p.ws();
  if (p.i < text.length) p.fail(`unexpected "${text.slice(p.i, p.i + 10)}" after the expression`);
  return e;
}

/** Parses a string as HCL gives it to us: literal text with ${...} interpolations. */
export function parseTemplate(text: string): Expr {
  const p = new Parser(text);
  const t = p.templateParts(undefined) as { t: 'tmpl'; parts: (string | Expr)[] };
  // A lone interpolation keeps its value's type ("${3 + 4}" is the number 7).
  if (t.parts.length === 1 && typeof t.parts[0] !== 'string') return t.parts[0];
  return t;
}
