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
    out.push({ text: raw, depth: startDepth, verbatim: verbatimStart, after: depth, leadingClose });
  }
  return out;
}

const ATTR = /^([A-Za-z_][\w-]*)\s*=(?!=)\s*(.*)$/;

export function formatHcl(src: string): string {
  const lines = analyse(src);
  const result: string[] = [];
  const indented = lines.map((l) => {
    if (l.verbatim) return l.text;
    const body = l.text.trim();
    if (body === '') return '';
    const level = Math.max(0, l.depth - l.leadingClose);
    return '  '.repeat(level) + body;
  });
  // Align "=" in runs of one-line attributes at the same depth.
  let k = 0;
  while (k < lines.length) {
    const l = lines[k];
    const m = !l.verbatim && ATTR.exec(l.text.trim());
    if (!m || l.after !== l.depth) {
      if (m && !l.verbatim) indented[k] = indented[k].replace(ATTR_IN_LINE, (_, pre: string, name: string, rest: string) => `${pre}${name} = ${rest}`);
      result.push(indented[k]);
      k++;
      continue;
    }
    const group: number[] = [];
    let j = k;
    while (j < lines.length) {
      const g = lines[j];
      const gm = !g.verbatim && ATTR.exec(g.text.trim());
      if (!gm || g.depth !== l.depth) break;
      group.push(j);
      j++;
      if (g.after !== g.depth) break; // a multi-line value ends the run
    }
    const width = Math.max(...group.map((x) => ATTR.exec(lines[x].text.trim())![1].length));
    for (const x of group) {
      const gm = ATTR.exec(lines[x].text.trim())!;
      const level = Math.max(0, lines[x].depth - lines[x].leadingClose);
      result.push('  '.repeat(level) + gm[1].padEnd(width) + ' = ' + gm[2]);
    }
    k = j;
  }
  let text = result.map((l) => l.replace(/[ \t]+$/, '')).join('\n');
  text = text.replace(/\n*$/, '\n');
  return text;
}

const ATTR_IN_LINE = /^(\s*)([A-Za-z_][\w-]*)\s*=(?!=)\s*(.*)$/;
