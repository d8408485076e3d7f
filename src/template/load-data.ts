// Reads JSON and YAML text into plain values, remembering the line and column of every key.
// JSON goes through JSON.parse (strict syntax) and jsonc-parser (offsets); yaml is loaded only for YAML.
// The ESM build: the package's main (UMD) build requires files at run time, which a bundle cannot.
import { parseTree, type Node as JsonNode } from 'jsonc-parser/lib/esm/main.js';
import { TemplateErrors } from '../errors.js';
import { setKeyPos } from './positions.js';

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
function checkJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(msg);
    const off = at ? Number(at[1]) : text.length;
    const { line, column } = lineCol(text, off);
    const clean = msg.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw new TemplateErrors([{ message: `JSON syntax error: ${clean}`, pos: { file, line, column } }]);
  }
}

/** Line starts, for offset -> line:column in O(log n). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function jsonWithPositions(text: string, file: string): unknown {
  const value = checkJson(text, file);
  const tree = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  if (!tree) return value;
  const starts = lineStarts(text);
  const posAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - starts[lo] + 1 };
  };
  // Walk the parsed value and the tree together: the tree gives offsets, the value stays JSON.parse's.
  const walk = (v: unknown, node: JsonNode | undefined) => {
    if (!node || v === null || typeof v !== 'object') return;
    if (Array.isArray(v) && node.type === 'array') {
      node.children?.forEach((child, i) => {
        setKeyPos(v, i, posAt(child.offset));
        walk(v[i], child);
      });
    } else if (!Array.isArray(v) && node.type === 'object') {
      for (const prop of node.children ?? []) {
        const [k, val] = prop.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        setKeyPos(v, k.value, posAt(k.offset));
        walk((v as Record<string, unknown>)[k.value], val);
      }
    }
  };
  walk(value, tree);
  return value;
}

export async function parseDataText(text: string, file: string, format: 'yaml' | 'json'): Promise<unknown> {
  if (format === 'json') return jsonWithPositions(text, file);
  const { parseYamlText } = await import('./load-yaml.js');
  return parseYamlText(text, file);
}
