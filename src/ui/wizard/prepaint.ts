// Paints the wizard's first screen at once, with plain escape codes, while Ink and React (~0.2-0.5 s on these
// machines) are still loading. Ink then draws the same screen over it. Also switches the terminal to raw mode
// right away, so keys typed meanwhile are neither echoed nor lost (Ink reads them when it starts).
// Keep this file free of imports of ink, react and yaml: it runs before they are loaded.
import type { Starter } from '../../init/starters.js';
import { colorWanted, stripColor } from '../terminal/color.js';

const CSI = '\x1b[';
const bold = (s: string) => `${CSI}1m${s}${CSI}22m`;
const dim = (s: string) => `${CSI}2m${s}${CSI}22m`;
const color = (code: number, s: string) => `${CSI}${code}m${s}${CSI}39m`;

/** Cuts a line to the terminal's width, counting characters (the text here is plain before styling). */
function fit(parts: [string, (s: string) => string][], width: number): string {
  let room = width;
  let out = '';
  for (const [text, style] of parts) {
    if (room <= 0) break;
    const cut = text.length > room ? text.slice(0, Math.max(0, room - 1)) + '…' : text;
    room -= cut.length;
    out += style(cut);
  }
  return out;
}

/** Writes the start screen; returns how many lines it took, for Ink to paint over. */
export function prepaintStart(out: NodeJS.WriteStream, starters: Starter[]): number {
  const width = out.columns || 80;
  const id = (s: string) => s;
  const lines = [
    fit([['pack init', (s) => bold(color(35, s))], [' · 1 · ', dim], ['How do you want to start?', bold]], width),
    '',
    fit([['❯ ', (s) => color(36, s)], ['From scratch', bold], ['  choose every component yourself', dim]], width),
    ...starters.map((s) => fit([['  ', id], [`Starter: ${s.name}`, id], [`  ${s.description}`, dim]], width)),
    '',
    fit([['↑↓/jk', (s) => bold(color(36, s))], [' move', dim], [' · ', dim], ['Enter', (s) => bold(color(36, s))], [' choose', dim],
      [' · ', dim], ['?', (s) => bold(color(36, s))], [' explain', dim], [' · ', dim], ['Ctrl-C', (s) => bold(color(36, s))],
      [' quit, write nothing', dim]], width),
  ];
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  // Whatever happens next (Ink normally restores both), leave the terminal as it was.
  process.once('exit', () => {
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    out.write(`${CSI}?25h`);
  });
  const screen = `${CSI}?25l${lines.join('\n')}\n`;
  out.write(colorWanted(undefined, out) ? screen : stripColor(screen));
  return lines.length;
}

/**
 * Erases the pre-painted screen line by line, bottom up (as Ink erases its own frames; a clear-below at the
 * top-left corner makes some terminals, tmux among them, push the screen into the scrollback), just before
 * Ink's first frame.
 */
export function unpaint(out: NodeJS.WriteStream, lines: number): void {
  if (lines > 0) out.write(`${CSI}2K${`${CSI}1A${CSI}2K`.repeat(lines)}\r`);
}
