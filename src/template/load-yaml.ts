// YAML text into plain values, remembering the line and column of every key (yaml's LineCounter).
import { parseDocument, LineCounter, isMap, isSeq, isScalar, isAlias, type Node as YamlNode, type Document } from 'yaml';
import { TemplateErrors, type Problem } from '../errors.js';
import { setKeyPos } from './positions.js';
import type { SourcePos } from './model.js';

export function parseYamlText(text: string, file: string): unknown {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    const problems: Problem[] = doc.errors.map((err) => {
      const p = lc.linePos(err.pos[0]);
      return { message: `YAML syntax error: ${err.message.split('\n')[0]}`, pos: { file, line: p.line, column: p.col } };
    });
    throw new TemplateErrors(problems);
  }
  return toPlain(doc.contents as YamlNode | null, doc, lc, file, 0);
}

function toPlain(node: YamlNode | null, doc: Document, lc: LineCounter, file: string, depth: number): unknown {
  if (node === null || node === undefined) return null;
  // Aliases can nest without end ("billion laughs"): a template never needs this depth.
  if (depth > 200) throw new TemplateErrors([{ message: 'the YAML nests too deeply (aliases that refer to each other?)', pos: { file } }]);
  const pos = (n: { range?: [number, number, number] | null } | null | undefined): SourcePos => {
    const p = lc.linePos(n?.range?.[0] ?? 0);
    return { file, line: p.line, column: p.col };
  };
  if (isAlias(node)) return toPlain((node.resolve(doc) as YamlNode | undefined) ?? null, doc, lc, file, depth + 1);
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const item of node.items) {
      const k = isScalar(item.key) ? String(item.key.value) : JSON.stringify(toPlain(item.key as YamlNode, doc, lc, file, depth + 1));
      if (k === '<<' && (isMap(item.value) || isAlias(item.value))) {
        const merged = toPlain(item.value as YamlNode, doc, lc, file, depth + 1);
        if (merged && typeof merged === 'object' && !Array.isArray(merged)) Object.assign(out, merged);
        continue;
      }
      out[k] = toPlain(item.value as YamlNode | null, doc, lc, file, depth + 1);
      setKeyPos(out, k, pos(item.key as YamlNode));
    }
    return out;
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    node.items.forEach((item, i) => {
      out.push(toPlain(item as YamlNode, doc, lc, file, depth + 1));
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
