// Spacing between the tokens of one HCL line, as hclwrite prints it: one space around binary
// operators and "=", after commas, inside one-line braces; none inside parentheses and brackets,
// around ".", or between a function name and "(". Strings and comments are kept as written.

type Tok = { k: 'word' | 'str' | 'punct' | 'comment' | 'heredoc'; v: string };

const OPS = ['...', '=>', '==', '!=', '<=', '>=', '&&', '||', '<<', '+', '-', '*', '/', '%', '<', '>', '?', ':', '=', '!', ',', '.', '(', ')', '[', ']', '{', '}'];

function tokenize(line: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#' || line.startsWith('//', i) || line.startsWith('/*', i)) {
      if (line.startsWith('/*', i) && line.indexOf('*/', i + 2) >= 0 && line.indexOf('*/', i + 2) < line.length - 2) return undefined;
      out.push({ k: 'comment', v: line.slice(i) });
      break;
    }
    if (c === '"') {
      let j = i + 1;
      let depth = 0;
      while (j < line.length) {
        if (line[j] === '\\') j += 2;
        else if (line.startsWith('${', j) || line.startsWith('%{', j)) (depth++, (j += 2));
        else if (line[j] === '}' && depth > 0) (depth--, j++);
        else if (line[j] === '"' && depth === 0) break;
        else if (line[j] === '"' && depth > 0) {
          // a string inside an interpolation
          j++;
          while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
          j++;
        } else j++;
      }
      if (j >= line.length) return undefined; // a string that goes on: leave the line alone
      out.push({ k: 'str', v: line.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    const hd = /^<<-?[A-Za-z_]\w*\s*$/.exec(line.slice(i));
    if (hd) {
      out.push({ k: 'heredoc', v: hd[0].trim() });
      break;
    }
    const w = /^(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][\w-]*)/.exec(line.slice(i));
    if (w) {
      out.push({ k: 'word', v: w[0] });
      i += w[0].length;
      continue;
    }
    const op = OPS.find((o) => line.startsWith(o, i));
    if (!op) return undefined;
    out.push({ k: 'punct', v: op });
    i += op.length;
  }
  return out;
}

const KEYWORDS = new Set(['for', 'in', 'if']);
const BINARY = new Set(['=>', '==', '!=', '<=', '>=', '&&', '||', '+', '*', '/', '%', '<', '>', '?', ':', '=']);
const OPENERS = new Set(['(', '[', '{', ',', '=', '?', ':', '=>', '==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!']);

export function spaceLine(body: string): string {
  const toks = tokenize(body);
  if (!toks || toks.length === 0) return body;
  // Which "-" and "!" are unary: at the start or after an operator or opener.
  const unary = toks.map((t, i) => t.k === 'punct' && (t.v === '-' || t.v === '!') && (i === 0 || (toks[i - 1].k === 'punct' && OPENERS.has(toks[i - 1].v))));
  let out = toks[0].v;
  for (let i = 1; i < toks.length; i++) {
    const p = toks[i - 1];
    const n = toks[i];
    const pv = p.k === 'punct' ? p.v : '';
    const nv = n.k === 'punct' ? n.v : '';
    let space: boolean;
    if (n.k === 'comment') space = true;
    else if (nv === ',') space = false;
    else if (pv === ',') space = true;
    else if (nv === '.' || pv === '.' || nv === '...') space = false;
    else if (pv === '(' || pv === '[' || nv === ')' || nv === ']') space = false;
    else if (pv === '{') space = nv !== '}';
    else if (nv === '}') space = pv !== '{';
    else if (p.k === 'word' && KEYWORDS.has(p.v) && !(i >= 2 && toks[i - 2].v === '.')) space = true;
    else if (nv === '(') space = !(p.k === 'word' || pv === ')' || pv === ']');
    else if (nv === '[') space = !(p.k === 'word' || pv === ')' || pv === ']' || p.k === 'str');
    else if (unary[i - 1]) space = pv === '!'; // hclwrite writes "! true" but "-1"
    else if (BINARY.has(nv) || (nv === '-' && !unary[i])) space = true;
    else if (BINARY.has(pv) || pv === '-') space = true;
    else space = true;
    out += (space ? ' ' : '') + n.v;
  }
  return out;
}
