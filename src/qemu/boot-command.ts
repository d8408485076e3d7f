// Parses Packer's boot_command language into key actions: plain text is typed as is;
// <enter>, <f5>, <leftCtrlOn>/<leftCtrlOff>, <wait>, <wait5>, <wait1m30s>... are special.
// Names are case-insensitive, as in Packer. Anything else in angle brackets is typed literally.
import { parseGoDuration } from '../util/duration.js';

export type KeyAction =
  /** Press and release one key, holding shift when `shift`. */
  | { kind: 'press'; qcode: string; shift: boolean; text: string }
  /** Hold (down) or release (up) a key: modifiers and <xOn>/<xOff>. */
  | { kind: 'down' | 'up'; qcode: string; text: string }
  | { kind: 'wait'; ms: number; text: string };

/** Special keys by their lower-case boot_command name. */
export const SPECIAL_KEYS: Record<string, string> = {
  bs: 'backspace', del: 'delete', enter: 'ret', return: 'ret', esc: 'esc', tab: 'tab', spacebar: 'spc',
  insert: 'insert', home: 'home', end: 'end', pageup: 'pgup', pagedown: 'pgdn', up: 'up', down: 'down',
  left: 'left', right: 'right', menu: 'menu',
  leftalt: 'alt', rightalt: 'alt_r', leftctrl: 'ctrl', rightctrl: 'ctrl_r', leftshift: 'shift', rightshift: 'shift_r',
  leftsuper: 'meta_l', rightsuper: 'meta_r',
  f1: 'f1', f2: 'f2', f3: 'f3', f4: 'f4', f5: 'f5', f6: 'f6', f7: 'f7', f8: 'f8', f9: 'f9', f10: 'f10', f11: 'f11', f12: 'f12',
};

const UNSHIFTED: Record<string, string> = {
  ' ': 'spc', '-': 'minus', '=': 'equal', '[': 'bracket_left', ']': 'bracket_right', '\\': 'backslash',
  ';': 'semicolon', "'": 'apostrophe', '`': 'grave_accent', ',': 'comma', '.': 'dot', '/': 'slash',
  '\n': 'ret', '\t': 'tab',
};
const SHIFTED: Record<string, string> = {
  '!': '1', '@': '2', '#': '3', $: '4', '%': '5', '^': '6', '&': '7', '*': '8', '(': '9', ')': '0',
  _: 'minus', '+': 'equal', '{': 'bracket_left', '}': 'bracket_right', '|': 'backslash', ':': 'semicolon',
  '"': 'apostrophe', '~': 'grave_accent', '<': 'comma', '>': 'dot', '?': 'slash',
};

/** The key (and shift) that types one character on a US keyboard; undefined when none does. */
export function keyForChar(ch: string): { qcode: string; shift: boolean } | undefined {
  if (/^[a-z0-9]$/.test(ch)) return { qcode: ch, shift: false };
  if (/^[A-Z]$/.test(ch)) return { qcode: ch.toLowerCase(), shift: true };
  if (UNSHIFTED[ch]) return { qcode: UNSHIFTED[ch], shift: false };
  if (SHIFTED[ch]) return { qcode: SHIFTED[ch], shift: true };
  return undefined;
}

export class BootCommandError extends Error {}

/** Parses the whole boot_command (its entries are joined, as Packer does). */
export function parseBootCommand(text: string): KeyAction[] {
  const actions: KeyAction[] = [];
  const special = /<([A-Za-z0-9]+)>/g;
  let last = 0;
  for (const m of text.matchAll(special)) {
    const action = specialAction(m[1]);
    if (!action) continue; // not a special name: typed literally below
    typeText(text.slice(last, m.index), actions);
    actions.push(action);
    last = m.index! + m[0].length;
  }
  typeText(text.slice(last), actions);
  return actions;
}

function specialAction(name: string): KeyAction | undefined {
  const lower = name.toLowerCase();
  const text = `<${name}>`;
  if (lower === 'wait') return { kind: 'wait', ms: 1000, text };
  if (lower.startsWith('wait')) {
    const rest = lower.slice(4);
    const ms = /^\d+$/.test(rest) ? Number(rest) * 1000 : parseGoDuration(rest);
    return ms === undefined ? undefined : { kind: 'wait', ms, text };
  }
  if (SPECIAL_KEYS[lower]) return { kind: 'press', qcode: SPECIAL_KEYS[lower], shift: false, text };
  for (const [suffix, kind] of [['on', 'down'], ['off', 'up']] as const) {
    if (!lower.endsWith(suffix)) continue;
    const base = lower.slice(0, -suffix.length);
    const qcode = SPECIAL_KEYS[base] ?? (base.length === 1 ? keyForChar(base)?.qcode : undefined);
    if (qcode) return { kind, qcode, text };
  }
  return undefined;
}

function typeText(s: string, actions: KeyAction[]) {
  for (const ch of s) {
    const key = keyForChar(ch);
    if (!key) throw new BootCommandError(`boot_command: no key types the character ${JSON.stringify(ch)} (US keyboard)`);
    actions.push({ kind: 'press', ...key, text: ch });
  }
}
