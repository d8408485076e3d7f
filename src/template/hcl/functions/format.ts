// go-cty's format(): Go's fmt verbs over HCL values (%v %#v %s %q %d %t %f %e %g %b %o %x %X),
// with flags, width, precision and explicit argument indexes (%[2]s).
import { FunctionError, numberText, toBoolValue, toNumberValue, toStringValue } from './args.js';
import { ctyJson } from './json.js';

function goExp(s: string): string {
  // JS writes e+3, Go e+03.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function goG(n: number, prec: number | undefined): string {
  if (n === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  const shortest = prec === undefined;
  const digits = shortest ? undefined : Math.max(prec!, 1);
  const eprec = shortest ? 6 : digits!;
  if (exp < -4 || exp >= eprec) {
    const e = shortest ? n.toExponential() : n.toExponential(digits! - 1);
    return goExp(e.replace(/\.?0+e/, 'e'));
  }
  const s = shortest ? numberText(n) : n.toPrecision(digits).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return s;
}

function pad(s: string, width: number | undefined, flags: string, numeric: boolean): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes('-')) return s + ' '.repeat(width - s.length);
  if (flags.includes('0') && numeric) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

export function formatValue(fn: string, format: string, args: unknown[]): string {
  let next = 0;
  let used = 0;
  const re = /%([-+# 0]*)(?:\[(\d+)\])?(\d+|\*)?(?:\.(\d*))?(?:\[(\d+)\])?([a-zA-Z%])/g;
  let out = '';
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = m.index + m[0].length;
    const [, flags, idx1, widthText, precText, idx2, verb] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    const idx = idx1 ?? idx2;
    if (idx !== undefined) next = Number(idx) - 1;
    if (next >= args.length || next < 0) throw new FunctionError(`${fn}(): not enough arguments for "${m[0]}" at offset ${m.index}`);
    const v = args[next++];
    used = Math.max(used, next);
    const width = widthText && widthText !== '*' ? Number(widthText) : undefined;
    const prec = precText !== undefined ? Number(precText || '0') : undefined;
    const sign = (n: number, s: string) => (n >= 0 && flags.includes('+') ? '+' + s : n >= 0 && flags.includes(' ') ? ' ' + s : s);
    const needNum = () => {
      const n = toNumberValue(v);
      if (n === undefined) throw new FunctionError(`${fn}(): unsupported value for "${m[0]}" at ${m.index}: number required`);
      return n;
    };
    let s: string;
    let numeric = false;
    switch (verb) {
      case 'v':
        if (v === null) s = 'null';
        else if (flags.includes('#')) s = ctyJson(v);
        else s = toStringValue(v) ?? ctyJson(v);
        break;
      case 's': {
        const t = toStringValue(v);
        if (t === undefined) throw new FunctionError(`${fn}(): unsupported value for "${m[0]}" at ${m.index}: string required`);
        s = prec !== undefined ? [...t].slice(0, prec).join('') : t;
        break;
      }
      case 'q': {
        const t = toStringValue(v);
        if (t === undefined) throw new FunctionError(`${fn}(): unsupported value for "${m[0]}" at ${m.index}: string required`);
        s = JSON.stringify(t);
        break;
      }
      case 't': {
        const b = toBoolValue(v);
        if (b === undefined) throw new FunctionError(`${fn}(): unsupported value for "${m[0]}" at ${m.index}: bool required`);
        s = String(b);
        break;
      }
      case 'd':
      case 'b':
      case 'o':
      case 'x':
      case 'X': {
        const n = needNum();
        numeric = true;
        if (!Number.isInteger(n)) {
          if (verb === 'd') throw new FunctionError(`${fn}(): unsupported value for "${m[0]}" at ${m.index}: an integer is required`);
        }
        const base = { d: 10, b: 2, o: 8, x: 16, X: 16 }[verb];
        let t = BigInt(Math.trunc(Math.abs(n))).toString(base);
        if (verb === 'X') t = t.toUpperCase();
        if (flags.includes('#')) t = (verb === 'x' ? '0x' : verb === 'X' ? '0X' : verb === 'o' ? '0' : verb === 'b' ? '0b' : '') + t;
        s = sign(n, (n < 0 ? '-' : '') + t);
        break;
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        const n = needNum();
        numeric = true;
        let t: string;
        if (verb === 'f' || verb === 'F') t = n.toFixed(prec ?? 6);
        else if (verb === 'e' || verb === 'E') t = goExp(n.toExponential(prec ?? 6));
        else t = goG(n, prec);
        if (verb === 'E' || verb === 'G') t = t.toUpperCase();
        s = sign(n, t);
        break;
      }
      default:
        throw new FunctionError(`${fn}(): unsupported format verb "%${verb}"`);
    }
    out += pad(s, width, flags, numeric);
  }
  out += format.slice(last);
  if (used < args.length) {
    throw new FunctionError(used === 0 ? `${fn}(): too many arguments; no verbs in format string` : `${fn}(): too many arguments; only ${used} used by format string`);
  }
  return out;
}
