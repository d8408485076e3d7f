// HCL2 in `packer fmt`'s layout, byte for byte: the source is cut into tokens and lines; each line's
// indent comes from the brackets the lines before it left open (two spaces a level), the tokens are
// spaced by hclwrite's rules, and the "=" of consecutive one-line attributes, then their trailing
// comments, are aligned in columns. Only spaces between tokens change: newlines (CRLF too), strings,
// comments and heredoc bodies stay as written, and no final newline is added.
import { lexHcl, type Tok } from './hcl-lex.js';
import { bracketChange, spaceAfter } from './hcl-spacing.js';

interface Cell {
  toks: Tok[];
  /** Spaces before each token. */
  spaces: number[];
}

interface FmtLine {
  lead: Cell;
  /** From the "=" of an attribute whose value ends on this line. */
  assign?: Cell;
  /** A comment after code. */
  comment?: Cell;
}

const cell = (toks: Tok[]): Cell => ({ toks, spaces: toks.map(() => 0) });

/** Width in characters (not bytes), as hclwrite counts columns. */
function columns(c: Cell | undefined): number {
  if (!c) return 0;
  let n = 0;
  for (let k = 0; k < c.toks.length; k++) n += c.spaces[k] + [...c.toks[k].text].length;
  return n;
}

const endsLine = (t: Tok) => t.type === 'newline' || (t.type === 'comment' && t.text.endsWith('\n'));

function netBrackets(toks: Tok[]): number {
  let n = 0;
  for (const t of toks) {
    n += bracketChange(t);
    if (t.type === 'oheredoc') break;
  }
  return n;
}

function splitLines(toks: Tok[]): FmtLine[] {
  const raw: Tok[][] = [[]];
  for (const t of toks) {
    raw[raw.length - 1].push(t);
    if (endsLine(t)) raw.push([]);
  }
  return raw.map((lead) => {
    const line: FmtLine = { lead: cell(lead) };
    if (lead.length > 1 && lead[lead.length - 1].type === 'comment') {
      line.comment = cell(lead.slice(-1));
      lead = lead.slice(0, -1);
      line.lead = cell(lead);
    }
    const eq = lead.findIndex((t, k) => k > 0 && t.type === 'equal');
    if (eq > 0 && netBrackets(lead.slice(eq)) === 0) {
      line.assign = cell(lead.slice(eq));
      line.lead = cell(lead.slice(0, eq));
    }
    return line;
  });
}

function indent(lines: FmtLine[]): void {
  const open: number[] = []; // brackets opened by each indenting line still open
  for (const line of lines) {
    const first = line.lead.toks[0];
    if (!first) continue;
    if (first.type === 'newline') continue;
    const net = netBrackets([...line.lead.toks, ...(line.assign?.toks ?? [])]);
    if (net > 0) {
      line.lead.spaces[0] = 2 * open.length;
      open.push(net);
      continue;
    }
    let closed = -net;
    while (closed > 0 && open.length) {
      const top = open[open.length - 1];
      if (closed >= top) {
        closed -= top;
        open.pop();
      } else {
        open[open.length - 1] -= closed;
        closed = 0;
      }
    }
    line.lead.spaces[0] = 2 * open.length;
  }
}

function spaceCell(c: Cell | undefined, firstSpaces?: number): void {
  if (!c) return;
  if (firstSpaces !== undefined && c.toks.length) c.spaces[0] = firstSpaces;
  for (let k = 0; k + 1 < c.toks.length; k++) c.spaces[k + 1] = spaceAfter(c.toks[k], c.toks[k - 1], c.toks[k + 1]) ? 1 : 0;
}

/** Aligns one kind of cell over runs of consecutive lines that have it. */
function alignRuns(lines: FmtLine[], target: (l: FmtLine) => Cell | undefined, width: (l: FmtLine) => number): void {
  let k = 0;
  while (k < lines.length) {
    if (!target(lines[k])) {
      k++;
      continue;
    }
    let end = k;
    while (end < lines.length && target(lines[end])) end++;
    const run = lines.slice(k, end);
    const max = Math.max(...run.map(width));
    for (const l of run) target(l)!.spaces[0] = max - width(l) + 1;
    k = end;
  }
}

export function formatHcl(src: string): string {
  const lines = splitLines(lexHcl(src));
  indent(lines);
  for (const l of lines) {
    spaceCell(l.lead);
    spaceCell(l.assign, 1);
  }
  alignRuns(lines, (l) => l.assign, (l) => columns(l.lead));
  alignRuns(lines, (l) => l.comment, (l) => columns(l.lead) + columns(l.assign));
  let out = '';
  for (const l of lines) {
    for (const c of [l.lead, l.assign, l.comment]) {
      if (!c) continue;
      for (let k = 0; k < c.toks.length; k++) out += ' '.repeat(c.spaces[k]) + c.toks[k].text;
    }
  }
  return out;
}
