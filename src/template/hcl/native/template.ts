// What HCL does to a template's parts between scanning and the tree: escapes into text, a flush
// heredoc's common indentation removed, neighbouring literals melded, %{if}/%{for} nested. Follows
// hclsyntax's parser_template.go (read for behaviour, written anew).
import { unsure, type Expr } from './ast.js';

export type FlatPart =
  | Expr // a literal ({ k: 'str' }) or an interpolation's expression
  | { k: 'if'; c: Expr; s: number; e: number }
  | { k: 'for'; key?: string; val: string; coll: Expr; s: number; e: number }
  | { k: 'else' | 'endif' | 'endfor'; s: number; e: number };

/**
 * A literal token's text as HCL reads it: backslash escapes in quoted strings, "$${" as "${". "%%{" becomes
 * "%{" in a block label only: hcl2json's templates keep it doubled (seen in its output, not documented).
 */
export function unescapeLiteral(raw: string, quoted: boolean, label = false): string {
  if (raw.includes('$$$') || raw.includes('%%%')) unsure('run of template escapes');
  let out = '';
  for (let i = 0; i < raw.length; ) {
    const c = raw[i];
    if (c === '\\' && quoted) {
      const n = raw[i + 1];
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      if (n !== undefined && n in simple) {
        out += simple[n];
        i += 2;
        continue;
      }
      const len = n === 'u' ? 4 : n === 'U' ? 8 : 0;
      const hex = raw.slice(i + 2, i + 2 + len);
      if (len === 0 || !/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== len) unsure('escape sequence');
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) unsure('escape of an invalid code point');
      out += String.fromCodePoint(cp);
      i += 2 + len;
      continue;
    }
    if ((c === '$' || (c === '%' && label)) && raw[i + 1] === c && raw[i + 2] === '{') {
      out += c + '{';
      i += 3;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** `<<-` heredocs: remove the smallest indentation of the lines that start with text. */
export function flushHeredoc(parts: FlatPart[]): void {
  let min = Infinity;
  let newline = true;
  const adjust: Extract<FlatPart, { k: 'str' }>[] = [];
  for (const p of parts) {
    if (newline) {
      newline = false;
      let spaces = 0;
      if (p.k === 'str') {
        const lead = /^[ \t]*/.exec(p.v)![0].length;
        const rest = p.v.slice(lead);
        // Other Unicode spaces: hcl2json decides (it counts them by grapheme).
        // A line of nothing but spaces and its newline (LF or CRLF) does not count.
        const blank = rest === '\n' || rest === '\r\n';
        if (rest.length > 0 && /^[\s\u0085]/.test(rest) && !blank) unsure('unusual indentation');
        if (blank) spaces = Infinity;
        else {
          spaces = lead;
          adjust.push(p);
        }
      }
      min = Math.min(min, spaces);
    }
    if (p.k === 'str' && p.v.endsWith('\n')) newline = true;
  }
  if (min === Infinity) return;
  for (const p of adjust) p.v = p.v.slice(min);
}

export function meldLiterals(parts: FlatPart[]): FlatPart[] {
  const out: FlatPart[] = [];
  for (const p of parts) {
    const prev = out[out.length - 1];
    if (p.k === 'str' && prev?.k === 'str') out[out.length - 1] = { k: 'str', v: prev.v + p.v, s: prev.s, e: p.e };
    else out.push(p);
  }
  return out;
}

const emptyTemplate = (at: number): Expr => ({ k: 'tmpl', parts: [{ k: 'str', v: '', s: at, e: at }], s: at, e: at });

/** Nests %{if}/%{else}/%{endif} and %{for}/%{endfor} into conditional and for parts. */
export function nestDirectives(parts: FlatPart[]): Expr[] {
  let i = 0;
  const seq = (stops: string[]): { exprs: Expr[]; stop?: FlatPart } => {
    const exprs: Expr[] = [];
    while (i < parts.length) {
      const p = parts[i++];
      if (p.k === 'else' || p.k === 'endif' || p.k === 'endfor') {
        if (!stops.includes(p.k)) unsure(`unexpected ${p.k}`);
        return { exprs, stop: p };
      }
      if (p.k === 'if') {
        const t = seq(['else', 'endif']);
        let f: Expr[] = [];
        let end = t.stop;
        if (end?.k === 'else') {
          const r = seq(['endif']);
          f = r.exprs;
          end = r.stop;
        }
        if (end?.k !== 'endif') unsure('if without endif');
        const tmpl = (xs: Expr[], at: number): Expr => (xs.length ? { k: 'tmpl', parts: xs, s: xs[0].s, e: xs[xs.length - 1].e } : emptyTemplate(at));
        exprs.push({ k: 'cond', c: p.c, t: tmpl(t.exprs, p.e), f: tmpl(f, end.s), s: p.s, e: end.e });
      } else if (p.k === 'for') {
        const b = seq(['endfor']);
        if (b.stop?.k !== 'endfor') unsure('for without endfor');
        const body: Expr = b.exprs.length ? { k: 'tmpl', parts: b.exprs, s: b.exprs[0].s, e: b.exprs[b.exprs.length - 1].e } : emptyTemplate(p.e);
        exprs.push({ k: 'tfor', key: p.key, val: p.val, coll: p.coll, body, s: p.s, e: b.stop.e });
      } else exprs.push(p as Expr);
    }
    if (stops.length) unsure('directive not closed');
    return { exprs };
  };
  return seq([]).exprs;
}
