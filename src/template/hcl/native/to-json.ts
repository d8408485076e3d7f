// The parsed file in hcl2json's shape (@cdktf/hcl2json: tmccombs/hcl2json's convert package as cdktf
// forked it): blocks nested by type then labels into arrays of bodies; literals as JSON; templates as
// strings with their literal "${" escaped as "$${"; every other expression as "${its source text}".
// Object keys come out sorted, as Go's encoding/json writes them.
import { unsure, type Block, type Body, type Expr } from './ast.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** A number literal as Go's big.Float Text('f', -1) prints it (HCL parses at 512 bits: exact enough). */
export function goNumberText(text: string): string {
  const m = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return unsure('number literal');
  let digits = (m[1] + (m[2] ?? '')).replace(/^0+/, '');
  let exp = Number(m[3] ?? 0) - (m[2]?.length ?? 0);
  if (digits === '') return '0';
  const trailing = /0*$/.exec(digits)![0].length;
  digits = digits.slice(0, digits.length - trailing);
  exp += trailing;
  if (digits.length > 60 || Math.abs(exp) > 300) unsure('number beyond the simple cases');
  if (exp >= 0) return digits + '0'.repeat(exp);
  const point = digits.length + exp;
  return point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
}

const escapeLiteral = (s: string) => s.replaceAll('${', () => '$${');

export class ToJson {
  constructor(readonly src: string) {}

  /** hcl2json's rangeSource: the source text, plus a ")" that follows it. */
  private source(x: { s: number; e: number }): string {
    return this.src.slice(x.s, this.src[x.e] === ')' ? x.e + 1 : x.e);
  }

  private wrap(x: Expr): string {
    return '${' + this.source(x) + '}';
  }

  body(b: Body): Obj {
    const out: Obj = {};
    for (const block of b.blocks) this.block(block, out);
    for (const [name, expr] of b.attrs) set(out, name, this.expression(expr));
    return out;
  }

  private block(block: Block, out: Obj): void {
    let key = block.type;
    for (const label of block.labels) {
      const cur = own(out, key);
      if (cur === undefined) {
        const inner: Obj = {};
        set(out, key, inner);
        out = inner;
      } else if (isObj(cur)) out = cur;
      else unsure('blocks with and without labels');
      key = label;
    }
    const value = this.body(block.body);
    const cur = own(out, key);
    if (cur === undefined) set(out, key, [value]);
    else if (Array.isArray(cur)) cur.push(value);
    else unsure('blocks with and without labels');
  }

  expression(x: Expr): Json {
    switch (x.k) {
      case 'num':
        return JSON.parse(goNumberText(x.text)) as number;
      case 'bool':
        return x.v;
      case 'null':
        return null;
      case 'unary':
        if (x.val.k === 'num' && x.op === '-') return -(JSON.parse(goNumberText(x.val.text)) as number);
        if (x.val.k === 'bool' && x.op === '!') return !x.val.v;
        if (x.val.k === 'num' || x.val.k === 'bool' || x.val.k === 'null' || x.val.k === 'str') unsure('operator on a literal of another type');
        return this.wrap(x);
      case 'tmpl':
        return this.template(x);
      case 'wrap':
        return this.expression(x.inner);
      case 'tuple':
        return x.items.map((i) => this.expression(i));
      case 'object': {
        const out: Obj = {};
        for (const { key, val } of x.items) set(out, key.k === 'trav' ? this.source(key) : this.stringPart(key), this.expression(val));
        return out;
      }
      default:
        return this.wrap(x);
    }
  }

  private template(x: Extract<Expr, { k: 'tmpl' }>): string {
    if (x.parts.length === 1 && x.parts[0].k === 'str') return escapeLiteral(x.parts[0].v);
    return x.parts.map((p) => this.stringPart(p)).join('');
  }

  private stringPart(x: Expr): string {
    switch (x.k) {
      case 'str':
        return escapeLiteral(x.v);
      case 'num':
        return goNumberText(x.text);
      case 'bool':
        return String(x.v);
      case 'null':
        return 'null';
      case 'tmpl':
        return this.template(x);
      case 'wrap':
        return this.stringPart(x.inner);
      case 'cond': {
        const t = this.stringPart(x.t);
        const f = this.stringPart(x.f);
        return `%{if ${this.source(x.c)}}${t}${f ? `%{else}${f}` : ''}%{endif}`;
      }
      case 'tfor':
        return `%{for ${x.key !== undefined ? `${x.key}, ` : ''}${x.val} in ${this.source(x.coll)}}${this.stringPart(x.body)}%{endfor}`;
      default:
        return this.wrap(x);
    }
  }
}

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Obj, k: string): Json | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

function set(o: Obj, k: string, v: Json): void {
  if (k === '__proto__') unsure('__proto__ key');
  o[k] = v;
}

/** Objects with their keys in Go's order (bytewise; JavaScript then puts integer-like keys first, as JSON.parse does). */
export function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  const keys = Object.keys(v);
  if (keys.some((k) => /[\ud800-\udfff]/.test(k))) unsure('astral characters in a key');
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Obj = {};
  for (const k of keys) out[k] = sortKeys(v[k]);
  return out;
}
