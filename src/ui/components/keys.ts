// Ink's (input, key) pairs as a list of simple key events. A chunk of several characters (fast typing or a
// paste) becomes one event per character, so that "abc\r" typed quickly means the same as typed slowly.
import type { Key } from 'ink';

export type KeyName =
  | 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'pageup' | 'pagedown'
  | 'return' | 'escape' | 'tab' | 'backtab' | 'backspace' | 'space' | 'char' | 'ctrl-c' | 'ctrl-d' | 'ctrl-s'
  // The shell's line-editing keys: Ctrl-U, Ctrl-K, Ctrl-W (Ctrl-A and Ctrl-E are home and end).
  | 'kill-start' | 'kill-end' | 'kill-word';

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
  const control = CONTROL[c];
  if (control) return { name: control };
  if (c === ' ') return { name: 'space', ch: ' ' };
  return { name: 'char', ch: c };
}

/** Control characters that edit (one arrives alone as Ctrl + its letter, or inside a pasted chunk). */
const CONTROL: Record<string, KeyName> = { '\x01': 'home', '\x05': 'end', '\x15': 'kill-start', '\x0b': 'kill-end', '\x17': 'kill-word' };
const CTRL_LETTER: Record<string, KeyName> = { a: 'home', e: 'end', u: 'kill-start', k: 'kill-end', w: 'kill-word' };

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
  if (key.ctrl) return CTRL_LETTER[input] ? [{ name: CTRL_LETTER[input] }] : [];
  // Shift-Tab arrives as ESC [ Z; Ink strips the ESC.
  if (input === '[Z') return [{ name: 'backtab' }];
  // Other control characters (in a paste) are not text: they would end up in the template.
  return [...input].map(charEvent).filter((e) => !(e.name === 'char' && /^[\x00-\x1f\x7f]$/.test(e.ch ?? '')));
}
