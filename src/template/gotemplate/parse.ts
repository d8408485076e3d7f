// A parser for the subset of Go's text/template that Packer templates use:
// text, {{ actions }} with pipelines of function calls, string/raw/number literals,
// dotted fields ({{.Path}}) and parentheses. Control structures are rejected with a clear message.

export type Arg =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'field'; path: string[] }
  | { kind: 'ident'; name: string }
  | { kind: 'pipe'; pipe: Command[] };

/** One command of a pipeline: a function with arguments, or a single operand. */
export interface Command {
  args: Arg[];
}

export type Node =
  | { kind: 'text'; text: string }
  /** `source` is the action exactly as written, so that it can be kept for run time. */
  | { kind: 'action'; pipe: Command[]; source: string; offset: number };

export class GoTemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const CONTROL = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

export function parseGoTemplate(text: string): Node[] {
  const nodes: Node[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      nodes.push({ kind: 'text', text: text.slice(i) });
      break;
    }
    let before = text.slice(i, open);
    let start = open + 2;
    if (text.startsWith('- ', start) || text.startsWith('-\t', start) || text.startsWith('-\n', start)) {
      before = before.replace(/\s+$/, '');
      start += 1;
    }
    if (before) nodes.push({ kind: 'text', text: before });
    const { pipe, end, trimAfter } = parseAction(text, start, open);
    nodes.push({ kind: 'action', pipe, source: text.slice(open, end), offset: open });
    i = end;
    if (trimAfter) while (i < text.length && /\s/.test(text[i])) i++;
  }
  return nodes;
}

function parseAction(text: string, start: number, open: number): { pipe: Command[]; end: number; trimAfter: boolean } {
  let i = start;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const atClose = (): { len: number; trim: boolean } | undefined => {
    if (text.startsWith('}}', i)) return { len: 2, trim: false };
    if (/^\s-}}/.test(text.slice(i - 1, i + 3)) && text.startsWith('-}}', i)) return { len: 3, trim: true };
    return undefined;
  };

  const parsePipe = (inParens: boolean): Command[] => {
    const cmds: Command[] = [];
    let cmd: Command = { args: [] };
    for (;;) {
      skipSpace();
      if (i >= text.length) throw new GoTemplateSyntaxError('unclosed action: missing "}}"', open);
      if (!inParens && atClose()) break;
      const c = text[i];
      if (inParens && c === ')') {
        i++;
        break;
      }
      if (c === '|') {
        if (cmd.args.length === 0) throw new GoTemplateSyntaxError('missing command before "|"', i);
        cmds.push(cmd);
        cmd = { args: [] };
        i++;
        continue;
      }
      if (c === '(') {
        i++;
        cmd.args.push({ kind: 'pipe', pipe: parsePipe(true) });
        continue;
      }
      if (c === '"') {
        let j = i + 1;
        let out = '';
        while (j < text.length && text[j] !== '"') {
          if (text[j] === '\\') {
            const n = text[j + 1];
            const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };
            if (n === undefined || !(n in map)) throw new GoTemplateSyntaxError(`bad escape "\\${n ?? ''}" in string`, j);
            out += map[n];
            j += 2;
          } else if (text[j] === '\n') {
            throw new GoTemplateSyntaxError('unterminated quoted string', i);
          } else out += text[j++];
        }
        if (j >= text.length) throw new GoTemplateSyntaxError('unterminated quoted string', i);
        cmd.args.push({ kind: 'string', value: out });
        i = j + 1;
        continue;
      }
      if (c === '`') {
        const j = text.indexOf('`', i + 1);
        if (j < 0) throw new GoTemplateSyntaxError('unterminated raw string', i);
        cmd.args.push({ kind: 'string', value: text.slice(i + 1, j) });
        i = j + 1;
        continue;
      }
      const word = /^(?:\.[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*|\.|-?\d+(?:\.\d+)?|[A-Za-z_][\w]*)/.exec(text.slice(i));
      if (!word) throw new GoTemplateSyntaxError(`unexpected "${c}" in action`, i);
      const w = word[0];
      i += w.length;
      if (w.startsWith('.')) cmd.args.push({ kind: 'field', path: w === '.' ? [] : w.slice(1).split('.') });
      else if (/^-?\d/.test(w)) cmd.args.push({ kind: 'number', value: Number(w) });
      else if (w === 'true' || w === 'false') cmd.args.push({ kind: 'bool', value: w === 'true' });
      else {
        if (CONTROL.has(w) && cmd.args.length === 0 && cmds.length === 0) {
          throw new GoTemplateSyntaxError(`"{{${w}}}" blocks are not supported in pack templates`, open);
        }
        cmd.args.push({ kind: 'ident', name: w });
      }
    }
    if (cmd.args.length === 0) {
      if (cmds.length === 0) throw new GoTemplateSyntaxError('missing value for command', open);
      throw new GoTemplateSyntaxError('missing command after "|"', i);
    }
    cmds.push(cmd);
    return cmds;
  };

  if (text.startsWith('/*', i)) {
    const close = text.indexOf('*/', i);
    if (close < 0) throw new GoTemplateSyntaxError('unclosed comment', open);
    i = close + 2;
    skipSpace();
    const c = atClose();
    if (!c) throw new GoTemplateSyntaxError('comment ends before "}}"', open);
    return { pipe: [], end: i + c.len, trimAfter: c.trim };
  }
  const pipe = parsePipe(false);
  const c = atClose()!;
  return { pipe, end: i + c.len, trimAfter: c.trim };
}

/** True when a pipeline reads a dotted field (its value is only known at run time). */
export function usesField(pipe: Command[]): boolean {
  return pipe.some((c) => c.args.some((a) => a.kind === 'field' || (a.kind === 'pipe' && usesField(a.pipe))));
}
