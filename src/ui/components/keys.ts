// Ink's (input, key) pairs as a list of simple key events. A chunk of several characters (fast typing or a
// paste) becomes one event per character, so that "abc\r" typed quickly means the same as typed slowly.
import type { Key } from 'ink';

export type KeyName =
  | 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'pageup' | 'pagedown'
  | 'return' | 'escape' | 'tab' | 'backtab' | 'backspace' | 'space' | 'char' | 'ctrl-c' | 'ctrl-d' | 'ctrl-s';

export interface KeyEvent {
  name: KeyName;
  /** The character, for 'char' (and ' ' for 'space'). */
  ch?: string;
  shift?: boolean;
}

function charEvent(c: string): KeyEvent {
  if (c === '\r' || c === '\n') return { name: 'return' };
  if (c === '\t') return { name: 'tab' };
  if (c === '\x7f' || c === '\b') return { name: 'backspace' };
  if (c === '\x03') return { name: 'ctrl-c' };
  if (c === '\x04') return { name: 'ctrl-d' };
  if (c === ' ') return { name: 'space', ch: ' ' };
  return { name: 'char', ch: c };
}

export function toKeyEvents(input: string, key: Key): KeyEvent[] {
  if (key.ctrl && input === 'c') return [{ name: 'ctrl-c' }];
  if (key.ctrl && input === 'd') return [{ name: 'ctrl-d' }];
  if (key.ctrl && input === 's') return [{ name: 'ctrl-s' }];
  if (key.upArrow) return [{ name: 'up', shift: key.shift }];
  if (key.downArrow) return [{ name: 'down', shift: key.shift }];
  if (key.leftArrow) return [{ name: 'left' }];
  if (key.rightArrow) return [{ name: 'right' }];
  if (key.home) return [{ name: 'home' }];
  if (key.end) return [{ name: 'end' }];
  if (key.pageUp) return [{ name: 'pageup' }];
  if (key.pageDown) return [{ name: 'pagedown' }];
  if (key.tab) return [{ name: key.shift ? 'backtab' : 'tab' }];
  if (key.return) return [{ name: 'return' }];
  if (key.escape) return [{ name: 'escape' }];
  if (key.backspace || key.delete) return [{ name: 'backspace' }];
  if (key.ctrl) return [];
  // Shift-Tab arrives as ESC [ Z; Ink strips the ESC.
  if (input === '[Z') return [{ name: 'backtab' }];
  return [...input].map(charEvent);
}
