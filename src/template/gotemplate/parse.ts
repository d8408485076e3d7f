// A parser for the subset of Go's text/template that Packer templates use:
// text, {{ actions }} with pipelines of function calls, string/raw/number literals,
// dotted fields ({{.Path}}), parentheses, and {{if}}/{{else if}}/{{else}}/{{end}}. The other control
// structures ({{range}}, {{with}}, {{define}}...) are rejected with a clear message.

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
  | { kind: 'action'; pipe: Command[]; source: string; offset: number }
  /** {{if C}}then{{else}}otherwise{{end}} ({{else if}} nests another if in `otherwise`); `source` is the whole block. */
  | { kind: 'if'; cond: Command[]; then: Node[]; otherwise: Node[]; source: string; offset: number };

/** One action as cut from the text: a control word ({{if}}, {{else}}, {{else if}}, {{end}}) or a plain action. */
type Token = Node | { kind: 'control'; word: 'if' | 'else' | 'elseif' | 'end'; pipe: Command[]; offset: number; end: number };

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
  const tokens = tokenize(text);
  let k = 0;
  // Nodes up to a control token that ends the list (returned, not consumed), or the end of the text.
  const list = (inIf: boolean): { nodes: Node[]; stop?: Extract<Token, { kind: 'control' }> } => {
    const nodes: Node[] = [];
    while (k < tokens.length) {
      const t = tokens[k];
      if (t.kind !== 'control') {
        nodes.push(t);
        k++;
        continue;
      }
      if (t.word !== 'if') {
        if (!inIf) throw new GoTemplateSyntaxError(`unexpected {{${t.word === 'elseif' ? 'else if' : t.word}}} without {{if}}`, t.offset);
        return { nodes, stop: t };
      }
      k++;
      nodes.push(ifBlock(t));
    }
    return { nodes };
  };
  const ifBlock = (open: Extract<Token, { kind: 'control' }>): Node => {
    const then = list(true);
    if (!then.stop) throw new GoTemplateSyntaxError('{{if}} without {{end}}', open.offset);
    k++;
    let otherwise: Node[] = [];
    let last = then.stop;
    if (then.stop.word === 'elseif') {
      // {{else if C}} is an {{if C}} in the else branch, ended by the same {{end}}.
      const inner = ifBlock({ ...then.stop, word: 'if' }) as Extract<Node, { kind: 'if' }>;
      otherwise = [inner];
      return { kind: 'if', cond: open.pipe, then: then.nodes, otherwise, source: text.slice(open.offset, inner.offset + inner.source.length), offset: open.offset };
    }
    if (then.stop.word === 'else') {
      const rest = list(true);
      if (!rest.stop || rest.stop.word !== 'end') throw new GoTemplateSyntaxError('{{else}} without {{end}}', then.stop.offset);
      k++;
      otherwise = rest.nodes;
      last = rest.stop;
    }
    return { kind: 'if', cond: open.pipe, then: then.nodes, otherwise, source: text.slice(open.offset, last.end), offset: open.offset };
  };
  return list(false).nodes;
}

function tokenize(text: string): Token[] {
  const nodes: Token[] = [];
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
    const { pipe, end, trimAfter, control } = parseAction(text, start, open);
    if (control) nodes.push({ kind: 'control', word: control, pipe, offset: open, end });
    else nodes.push({ kind: 'action', pipe, source: text.slice(open, end), offset: open });
    i = end;
    if (trimAfter) while (i < text.length && /\s/.test(text[i])) i++;
  }
  return nodes;
}

type Control = 'if' | 'else' | 'elseif' | 'end';

function parseAction(text: string, start: number, open: number): { pipe: Command[]; end: number; trimAfter: boolean; control?: Control } {
  let i = start;
  let control: Control | undefined;
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
        if (CONTROL.has(w) && cmd.args.length === 0 && cmds.length === 0 && !inParens) {
          // {{if C}}, {{else}}, {{else if C}}, {{end}}: the word opens the action; the pipeline follows.
          if (w === 'if' && (control === undefined || control === 'else')) {
            control = control === 'else' ? 'elseif' : 'if';
            continue;
          }
          if ((w === 'else' || w === 'end') && control === undefined) {
            control = w;
            continue;
          }
          throw new GoTemplateSyntaxError(`"{{${w}}}" blocks are not supported in pack templates (only {{if}}, {{else}} and {{end}} are): write the value out, or compute it in a variable passed with -var`, open);
        }
        cmd.args.push({ kind: 'ident', name: w });
      }
    }
    if (cmd.args.length === 0) {
      if (cmds.length === 0 && (control === 'else' || control === 'end')) return [];
      if (cmds.length === 0) throw new GoTemplateSyntaxError(control ? `missing condition in {{${control === 'elseif' ? 'else if' : control}}}` : 'missing value for command', open);
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
  if ((control === 'else' || control === 'end') && pipe.length > 0) throw new GoTemplateSyntaxError(`unexpected value after {{${control}}}`, open);
  const c = atClose()!;
  return { pipe, end: i + c.len, trimAfter: c.trim, control };
}

/** True when a pipeline reads a dotted field (its value is only known at run time). */
export function usesField(pipe: Command[]): boolean {
  return pipe.some((c) => c.args.some((a) => a.kind === 'field' || (a.kind === 'pipe' && usesField(a.pipe))));
}

/** True when an {{if}} block reads a dotted field anywhere (the whole block is then kept for run time). */
export function blockUsesField(n: Node): boolean {
  if (n.kind === 'text') return false;
  if (n.kind === 'action') return usesField(n.pipe);
  return usesField(n.cond) || n.then.some(blockUsesField) || n.otherwise.some(blockUsesField);
}
