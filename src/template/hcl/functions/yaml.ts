// go-cty-yaml's encoding: keys sorted and quoted, strings double-quoted, multi-line strings as
// literal blocks, lists as "- " items. Decoding goes through the yaml package.
import { isMap, numberText, sortedKeys } from './args.js';
import { ctyJson } from './json.js';

const quote = (s: string) => ctyJson(s).replace(/\\u003c/g, '<').replace(/\\u003e/g, '>').replace(/\\u0026/g, '&');

function scalar(v: unknown, indent: string): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string') {
    if (v.includes('\n') && !/[^\S\n ]|\s$/.test(v.replace(/\n$/, ''))) {
      const chomp = v.endsWith('\n') ? (v.endsWith('\n\n') ? '+' : '') : '-';
      const body = v.replace(/\n$/, '').split('\n').map((l) => (l ? indent + '  ' + l : '')).join('\n');
      return `|${chomp}\n${body}`;
    }
    return quote(v);
  }
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (isMap(v) && Object.keys(v).length === 0) return '{}';
  return undefined;
}

function emit(v: unknown, indent: string): string {
  if (Array.isArray(v) && v.length) {
    return v
      .map((x) => {
        const s = scalar(x, indent);
        if (s !== undefined) return `${indent}- ${s}\n`;
        const inner = emit(x, indent + '  ');
        return `${indent}- ${inner.slice(indent.length + 2)}`;
      })
      .join('');
  }
  if (isMap(v) && Object.keys(v).length) {
    return sortedKeys(v)
      .map((k) => {
        const x = v[k];
        const s = scalar(x, indent);
        if (s !== undefined) return `${indent}${quote(k)}: ${s}\n`;
        return `${indent}${quote(k)}:\n${emit(x, Array.isArray(x) ? indent : indent + '  ')}`;
      })
      .join('');
  }
  return `${indent}${scalar(v, indent)}\n`;
}

export function yamlEncode(v: unknown): string {
  return emit(v, '');
}
