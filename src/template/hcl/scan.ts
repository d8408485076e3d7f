// A light scan of HCL text for block headers and attribute names with their positions.
// The real parser (@cdktf/hcl2json) gives no positions and groups blocks by type (losing the order
// of provisioners of different types); this scan gives both back. It skips strings, comments and heredocs.

export interface ScannedBlock {
  type: string;
  labels: string[];
  line: number;
  column: number;
  attrs: Map<string, { line: number; column: number }>;
  children: ScannedBlock[];
}

export function scanHcl(text: string): ScannedBlock[] {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  const pos = (at: number) => ({ line, column: at - lineStart + 1 });
  const advance = (to: number) => {
    for (; i < to && i < n; i++) if (text.charCodeAt(i) === 10) (line++, (lineStart = i + 1));
  };

  const skipString = () => {
    // at opening quote
    advance(i + 1);
    let depth = 0;
    while (i < n) {
      const c = text[i];
      if (c === '\\') advance(i + 2);
      else if (c === '$' && text[i + 1] === '{') (depth++, advance(i + 2));
      else if (c === '}' && depth > 0) (depth--, advance(i + 1));
      else if (c === '"' && depth === 0) return advance(i + 1);
      else if (c === '"' && depth > 0) skipString();
      else if (c === '\n' && depth === 0) return; // unterminated: let the real parser report it
      else advance(i + 1);
    }
  };
  const skipHeredoc = (): boolean => {
    const m = /^<<-?([A-Za-z_]\w*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
    if (!m) return false;
    const marker = m[1];
    advance(i + m[0].length);
    while (i < n) {
      const eol = text.indexOf('\n', i);
      const lineText = text.slice(i, eol < 0 ? n : eol);
      advance(eol < 0 ? n : eol + 1);
      if (lineText.trim() === marker) return true;
    }
    return true;
  };
  const skipSpaceAndComments = (stopAtNewline: boolean) => {
    while (i < n) {
      const c = text[i];
      if (c === '\n' && stopAtNewline) return;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') advance(i + 1);
      else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
        const eol = text.indexOf('\n', i);
        advance(eol < 0 ? n : eol);
      } else if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        advance(end < 0 ? n : end + 2);
      } else return;
    }
  };
  // Skips an expression until the end of the line at bracket depth 0.
  const skipExpression = () => {
    let depth = 0;
    while (i < n) {
      const c = text[i];
      if (c === '"') skipString();
      else if (c === '<' && text[i + 1] === '<' && skipHeredoc()) continue;
      else if (c === '#' || (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) skipSpaceAndComments(true);
      else if (c === '(' || c === '[' || c === '{') (depth++, advance(i + 1));
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) return;
        depth--;
        advance(i + 1);
      } else if (c === '\n' && depth === 0) return;
      else advance(i + 1);
    }
  };

  const parseBody = (closing: boolean): ScannedBlock[] & { attrs?: ScannedBlock['attrs'] } => {
    const blocks: ScannedBlock[] & { attrs?: ScannedBlock['attrs'] } = [];
    blocks.attrs = new Map();
    while (i < n) {
      skipSpaceAndComments(false);
      if (i >= n) break;
      if (text[i] === '}') {
        if (closing) advance(i + 1);
        else advance(i + 1); // stray brace: the real parser reports it
        if (closing) return blocks;
        continue;
      }
      const start = i;
      const p = pos(start);
      const id = /^[A-Za-z_][\w-]*/.exec(text.slice(i, i + 200));
      if (!id) {
        skipExpression();
        if (i === start) advance(i + 1);
        continue;
      }
      advance(i + id[0].length);
      skipSpaceAndComments(true);
      if (text[i] === '=' && text[i + 1] !== '=') {
        blocks.attrs.set(id[0], p);
        advance(i + 1);
        skipSpaceAndComments(true);
        skipExpression();
        continue;
      }
      const labels: string[] = [];
      while (i < n && (text[i] === '"' || /[A-Za-z_]/.test(text[i]))) {
        if (text[i] === '"') {
          const s = i;
          skipString();
          labels.push(text.slice(s + 1, i - 1));
        } else {
          const m = /^[A-Za-z_][\w-]*/.exec(text.slice(i, i + 200))!;
          labels.push(m[0]);
          advance(i + m[0].length);
        }
        skipSpaceAndComments(true);
      }
      if (text[i] === '{') {
        advance(i + 1);
        const inner = parseBody(true);
        blocks.push({ type: id[0], labels, line: p.line, column: p.column, attrs: inner.attrs ?? new Map(), children: [...inner] });
      } else {
        skipExpression();
        if (i === start) advance(i + 1);
      }
    }
    return blocks;
  };
  return [...parseBody(false)];
}
