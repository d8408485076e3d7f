// Reads YAML and JSON text into plain values, remembering the line and column of every key.
import { parseDocument, LineCounter, isMap, isSeq, isScalar, isAlias, type Node as YamlNode, type Document } from 'yaml';
import { TemplateErrors, type Problem } from '../errors.js';
import { setKeyPos } from './positions.js';
import type { SourcePos } from './model.js';

export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** JSON.parse with a file:line:col message on a syntax error. */
function checkJson(text: string, file: string): void {
  try {
    JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(msg);
    const off = at ? Number(at[1]) : text.length;
    const { line, column } = lineCol(text, off);
    const clean = msg.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw new TemplateErrors([{ message: `JSON syntax error: ${clean}`, pos: { file, line, column } }]);
  }
}

export function parseDataText(text: string, file: string, format: 'yaml' | 'json'): unknown {
  if (format === 'json') checkJson(text, file);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: format === 'yaml', prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    const problems: Problem[] = doc.errors.map((err) => {
      const p = lc.linePos(err.pos[0]);
      return { message: `YAML syntax error: ${err.message.split('\n')[0]}`, pos: { file, line: p.line, column: p.col } };
    });
    throw new TemplateErrors(problems);
  }
  return toPlain(doc.contents as YamlNode | null, doc, lc, file);
}

function toPlain(node: YamlNode | null, doc: Document, lc: LineCounter, file: string): unknown {
  if (node === null || node === undefined) return null;
  const pos = (n: { range?: [number, number, number] | null } | null | undefined): SourcePos => {
    const off = n?.range?.[0] ?? 0;
    const p = lc.linePos(off);
    return { file, line: p.line, column: p.col };
  };
  if (isAlias(node)) return toPlain(node.resolve(doc) ?? null, doc, lc, file);
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const item of node.items) {
      const k = isScalar(item.key) ? String(item.key.value) : String(toPlain(item.key as YamlNode, doc, lc, file));
      if (k === '<<' && isMap(item.value)) {
        Object.assign(out, toPlain(item.value as YamlNode, doc, lc, file));
        continue;
      }
      out[k] = toPlain(item.value as YamlNode | null, doc, lc, file);
      setKeyPos(out, k, pos(item.key as YamlNode));
    }
    return out;
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    node.items.forEach((item, i) => {
      out.push(toPlain(item as YamlNode, doc, lc, file));
      setKeyPos(out, i, pos(item as YamlNode));
    });
    return out;
  }
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Date) return v.toISOString();
    return v;
  }
  return null;
}
