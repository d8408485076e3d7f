// YAML text into plain values, remembering the line and column of every key (yaml's LineCounter).
import { parseDocument, visit, LineCounter, isMap, isSeq, isScalar, isAlias, type Node as YamlNode, type Document } from 'yaml';
import { TemplateErrors, type Problem } from '../errors.js';
import { setKeyPos } from './positions.js';
import type { SourcePos } from './model.js';

export function parseYamlText(text: string, file: string): unknown {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    const problems: Problem[] = doc.errors.map((err) => {
      const p = lc.linePos(err.pos[0]);
      // The parser gives up on very deep nesting with V8's words: say it in ours.
      const text = /Maximum call stack/.test(err.message) ? 'the YAML nests too deeply to read (thousands of levels); no template needs this' : err.message.split('\n')[0];
      return { message: `YAML syntax error: ${text}`, pos: { file, line: p.line, column: p.col } };
    });
    throw new TemplateErrors(problems);
  }
  checkAliases(doc, lc, file);
  return toPlain(doc.contents as YamlNode | null, doc, lc, file, 0);
}

/**
 * Aliases within a fixed budget (the yaml library's maxAliasCount: uses of an anchor times
 * what its content expands to), so a 600-byte "billion laughs" is refused at once instead of
 * filling memory; and an alias without its anchor is an error at its place, not a silent null.
 */
export const MAX_ALIAS_COUNT = 1000;

function checkAliases(doc: Document, lc: LineCounter, file: string): void {
  const unresolved: Problem[] = [];
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) {
        const p = lc.linePos(node.range?.[0] ?? 0);
        unresolved.push({
          message: `YAML: the alias *${node.source} refers to no anchor: define &${node.source} before it (or quote the text if no alias was meant)`,
          pos: { file, line: p.line, column: p.col },
        });
      }
    },
  });
  if (unresolved.length) throw new TemplateErrors(unresolved);
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    throw new TemplateErrors([{
      message: `YAML: the aliases expand beyond pack's limit (${MAX_ALIAS_COUNT} uses of an anchor, counting nested ones); this looks like an alias bomb. Write the repeated parts out, or use fewer nested aliases`,
      pos: { file },
    }]);
  }
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
