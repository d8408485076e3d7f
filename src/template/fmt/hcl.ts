import { spaceLine } from './hcl-spacing.js';
// Canonical HCL layout, as `packer fmt` / `terraform fmt` write it: two spaces per nesting level,
// one space around "=", and the "=" of consecutive one-line attributes aligned. Strings, comments
// and heredoc bodies are left exactly as written.

interface Line {
  text: string;
  /** Nesting depth at the start of the line. */
  depth: number;
  /** Verbatim: inside a heredoc or a block comment. */
  verbatim: boolean;
  /** Depth after the line. */
  after: number;
  /** Closing brackets at the start of the line. */
  leadingClose: number;
  /** The line ends with a heredoc opener (<<EOT). */
  heredoc?: boolean;
}

function analyse(src: string): Line[] {
  const lines = src.replace(/\r\n/g, '\n').split('\n');
  const out: Line[] = [];
  let depth = 0;
  let heredoc: string | undefined;
  let blockComment = false;
  let interp = 0; // inside ${ } of a string that spans lines (rare)
  for (const raw of lines) {
    if (heredoc !== undefined) {
      out.push({ text: raw, depth, verbatim: true, after: depth, leadingClose: 0 });
      if (raw.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const startDepth = depth;
    const verbatimStart = blockComment;
    let leadingClose = 0;
    let seenCode = false;
    let i = 0;
    let inString = false;
    while (i < raw.length) {
      const c = raw[i];
      if (blockComment) {
        if (raw.startsWith('*/', i)) {
          blockComment = false;
          i += 2;
        } else i++;
        continue;
      }
      if (inString) {
        if (c === '\\') i += 2;
        else if (c === '"' && interp === 0) {
          inString = false;
          i++;
        } else if (raw.startsWith('${', i)) {
          interp++;
          i += 2;
        } else if (c === '}' && interp > 0) {
          interp--;
          i++;
        } else i++;
        continue;
      }
      if (c === '#' || raw.startsWith('//', i)) break;
      if (raw.startsWith('/*', i)) {
        blockComment = true;
        i += 2;
        continue;
      }
      if (c === '"') {
        inString = true;
        seenCode = true;
        i++;
        continue;
      }
      const hd = /^<<-?([A-Za-z_]\w*)\s*$/.exec(raw.slice(i));
      if (hd) {
        heredoc = hd[1];
        break;
      }
      if (c === '{' || c === '[' || c === '(') depth++;
      else if (c === '}' || c === ']' || c === ')') {
        depth = Math.max(0, depth - 1);
        if (!seenCode) leadingClose++;
      }
      if (!/\s/.test(c) && !(c === '}' || c === ']' || c === ')')) seenCode = true;
      i++;
    }
    out.push({ text: raw, depth: startDepth, verbatim: verbatimStart, after: depth, leadingClose, heredoc: heredoc !== undefined });
  }
  return out;
}

const ATTR = /^([A-Za-z_][\w-]*)\s*=(?!=)\s*(.*)$/;

export function formatHcl(src: string): string {
  const lines = analyse(src).map((l) => (l.verbatim ? l : { ...l, text: spaceLine(l.text.trim()) }));
  const result: string[] = [];
  const indented = lines.map((l) => {
    if (l.verbatim) return l.text;
    const body = l.text.trim();
    if (body === '') return '';
    const level = Math.max(0, l.depth - l.leadingClose);
    return '  '.repeat(level) + body;
  });
  // Align "=" (and trailing comments) in runs of attributes at the same depth. A value that opens
  // brackets over several lines ends the run and is not aligned; a heredoc is aligned, then ends it.
  const member = (l: Line) => !l.verbatim && ATTR.test(l.text.trim()) && l.after === l.depth;
  let k = 0;
  while (k < lines.length) {
    const l = lines[k];
    if (!member(l)) {
      if (!l.verbatim && ATTR.test(l.text.trim())) indented[k] = indented[k].replace(ATTR_IN_LINE, (_, pre: string, name: string, rest: string) => `${pre}${name} = ${rest}`);
      result.push(indented[k]);
      k++;
      continue;
    }
    const group: number[] = [];
    let j = k;
    while (j < lines.length && member(lines[j]) && lines[j].depth === l.depth) {
      group.push(j);
      j++;
      if (lines[j - 1].heredoc) break;
    }
    const parts = group.map((x) => {
      const m = ATTR.exec(lines[x].text.trim())!;
      const { code, comment } = splitComment(m[2]);
      return { name: m[1], code, comment, level: Math.max(0, lines[x].depth - lines[x].leadingClose) };
    });
    const width = Math.max(...parts.map((p) => p.name.length));
    const codeWidth = Math.max(...parts.filter((p) => p.comment).map((p) => p.code.length), 0);
    for (const p of parts) {
      const head = '  '.repeat(p.level) + p.name.padEnd(width) + ' = ';
      result.push(p.comment ? head + p.code.padEnd(codeWidth) + ' ' + p.comment : head + p.code);
    }
    k = j;
  }
  let text = result.map((l) => l.replace(/[ \t]+$/, '')).join('\n');
  text = text.replace(/\n*$/, '\n');
  return text;
}

const ATTR_IN_LINE = /^(\s*)([A-Za-z_][\w-]*)\s*=(?!=)\s*(.*)$/;

/** Splits "value # comment" outside strings. */
function splitComment(rest: string): { code: string; comment?: string } {
  let inStr = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '#' || rest.startsWith('//', i)) return { code: rest.slice(0, i).trimEnd(), comment: rest.slice(i) };
  }
  return { code: rest };
}
