// cty's JSON: object keys sorted, numbers in decimal, strings escaped as Go's encoding/json does
// (<, > and & as \u003c..., control characters as \u00XX except \n \r \t).
import { isMap, numberText, sortedKeys } from './args.js';

function goJsonString(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || c === '<' || c === '>' || c === '&' || code === 0x2028 || code === 0x2029) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += c;
  }
  return out + '"';
}

export function ctyJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map(ctyJson).join(',') + ']';
  if (isMap(v)) return '{' + sortedKeys(v).map((k) => goJsonString(k) + ':' + ctyJson(v[k])).join(',') + '}';
  return 'null';
}
