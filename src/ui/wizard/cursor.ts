// Cursor moves and one-line typing, shared by the wizard's screens.
import type { KeyEvent } from '../components/keys.js';
import type { TextBuffer } from '../components/text-buffer.js';

export const clamp = (n: number, max: number) => Math.max(0, Math.min(n, max));
export const isUp = (e: KeyEvent) => (e.name === 'up' && !e.shift) || (e.name === 'char' && e.ch === 'k');
export const isDown = (e: KeyEvent) => (e.name === 'down' && !e.shift) || (e.name === 'char' && e.ch === 'j');

/** Rows PgUp/PgDn move on a list. */
export const PAGE = 10;

export function moveCursor(s: { cursor: number }, e: KeyEvent, count: number): boolean {
  if (isUp(e) || e.name === 'backtab') s.cursor = clamp(s.cursor - 1, count - 1);
  else if (isDown(e) || e.name === 'tab') s.cursor = clamp(s.cursor + 1, count - 1);
  // Long lists (sixty builders) need bigger steps than one row.
  else if (e.name === 'pageup') s.cursor = clamp(s.cursor - PAGE, count - 1);
  else if (e.name === 'pagedown') s.cursor = clamp(s.cursor + PAGE, count - 1);
  else if (e.name === 'home') s.cursor = 0;
  else if (e.name === 'end') s.cursor = count - 1;
  else return false;
  return true;
}

/** Typing into a one-line input; false when the key is not an editing key. */
export function editBuffer(buf: TextBuffer, e: KeyEvent): boolean {
  switch (e.name) {
    case 'char':
    case 'space': buf.insert(e.ch ?? ''); return true;
    case 'backspace': buf.backspace(); return true;
    case 'left': buf.left(); return true;
    case 'right': buf.right(); return true;
    case 'home': buf.home(); return true;
    case 'end': buf.end(); return true;
    case 'kill-start': buf.killStart(); return true;
    case 'kill-end': buf.killEnd(); return true;
    case 'kill-word': buf.killWord(); return true;
    default: return false;
  }
}
