// Reads JSON and YAML text into plain values, remembering the line and column of every key.
// JSON goes through jsonc-parser (strict: syntax errors and duplicate keys placed by its offsets) and
// JSON.parse (the values); yaml is loaded only for YAML.
// The ESM build: the package's main (UMD) build requires files at run time, which a bundle cannot.
import { parseTree, printParseErrorCode, ParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { TemplateErrors, type Problem } from '../errors.js';
import { setKeyPos } from './positions.js';

/** Go's encoding/json refuses nesting deeper than this ("exceeded max depth"); Packer 1.6.6 with it. */
const MAX_DEPTH = 10000;

/** jsonc-parser recurses once per level: deeper documents get JSON.parse alone (no key positions). */
const POSITIONS_DEPTH = 1000;

/** The deepest nesting, and the offset of the first bracket nested deeper than MAX_DEPTH (outside strings), without recursion. */
function nesting(text: string): { max: number; tooDeepAt?: number } {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \\ */) i++;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_DEPTH) return { max: depth, tooDeepAt: i };
      if (depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return { max };
}

const SYNTAX_WORDS: Partial<Record<number, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'invalid character',
  [ParseErrorCode.InvalidNumberFormat]: 'invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'expected a double-quoted property name (is there a trailing comma?)',
  [ParseErrorCode.ValueExpected]: 'expected a value (is there a trailing comma?)',
  [ParseErrorCode.ColonExpected]: 'expected ":" after the property name',
  [ParseErrorCode.CommaExpected]: 'expected "," or the end of the list or object',
  [ParseErrorCode.CloseBraceExpected]: 'expected "}" to close the object',
  [ParseErrorCode.CloseBracketExpected]: 'expected "]" to close the list',
  [ParseErrorCode.EndOfFileExpected]: 'unexpected text after the end of the JSON value',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not allowed in JSON',
  [ParseErrorCode.UnexpectedEndOfComment]: 'comments are not allowed in JSON',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'unterminated number',
  [ParseErrorCode.InvalidUnicode]: 'invalid \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape character in a string',
  [ParseErrorCode.InvalidCharacter]: 'invalid character in a string (control characters must be escaped)',
};

/** Line starts, for offset -> line:column in O(log n). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function jsonWithPositions(text: string, file: string): unknown {
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
  const depth = nesting(text);
  if (depth.tooDeepAt !== undefined) throw new TemplateErrors([{ message: `JSON syntax error: exceeded max depth (${MAX_DEPTH} nested lists or objects)`, pos: posAt(depth.tooDeepAt) }]);
  if (depth.max > POSITIONS_DEPTH) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new TemplateErrors([{ message: `JSON syntax error: the file is not valid JSON (nested ${depth.max} levels deep; no position given past ${POSITIONS_DEPTH})`, pos: { file } }]);
    }
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    const e = errors[0];
    throw new TemplateErrors([{ message: `JSON syntax error: ${SYNTAX_WORDS[e.error] ?? printParseErrorCode(e.error)}`, pos: posAt(e.offset) }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // jsonc-parser accepted what JSON.parse refuses: say so without guessing a place.
    throw new TemplateErrors([{ message: 'JSON syntax error: the file is not valid JSON', pos: { file } }]);
  }
  if (!tree) return value;
  const duplicates: Problem[] = [];
  // Walk the parsed value and the tree together: the tree gives offsets, the value stays JSON.parse's.
  const walk = (v: unknown, node: JsonNode | undefined) => {
    if (!node || v === null || typeof v !== 'object') return;
    if (Array.isArray(v) && node.type === 'array') {
      node.children?.forEach((child, i) => {
        setKeyPos(v, i, posAt(child.offset));
        walk(v[i], child);
      });
    } else if (!Array.isArray(v) && node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const [k, val] = prop.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        if (seen.has(k.value)) duplicates.push({ message: `duplicate key "${k.value}": a JSON object may give each key once`, pos: posAt(k.offset), field: k.value });
        seen.add(k.value);
        setKeyPos(v, k.value, posAt(k.offset));
        walk((v as Record<string, unknown>)[k.value], val);
      }
    }
  };
  walk(value, tree);
  if (duplicates.length) throw new TemplateErrors(duplicates);
  return value;
}

export async function parseDataText(text: string, file: string, format: 'yaml' | 'json'): Promise<unknown> {
  if (format === 'json') return jsonWithPositions(text, file);
  const { parseYamlText } = await import('./load-yaml.js');
  return parseYamlText(text, file);
}
