// "/" on the long lists (builders, provisioner and post-processor types): type part of a name and the cursor
// jumps to the first one holding it (a name that starts with it first); ↑↓ go to the previous / next one that
// holds it, Enter or Tab keeps the cursor there, Esc leaves the cursor where it was. Sixty-odd builders, most of
// them Packer's, are otherwise only reachable by scrolling.
import type { KeyEvent } from '../components/keys.js';
import { TextBuffer } from '../components/text-buffer.js';
import { editBuffer } from './cursor.js';

export interface Find {
  buffer: TextBuffer;
  /** Where the cursor was when "/" was pressed (Esc goes back there). */
  from: number;
}

/** The indexes of the names that hold the text: those starting with it first, then the others, each in order. */
export function matches(names: readonly string[], text: string): number[] {
  const t = text.toLowerCase();
  if (!t) return [];
  const starts: number[] = [];
  const holds: number[] = [];
  names.forEach((n, i) => {
    const l = n.toLowerCase();
    if (l.startsWith(t)) starts.push(i);
    else if (l.includes(t)) holds.push(i);
  });
  return [...starts, ...holds];
}

/**
 * A key while finding: moves `cursor`. Returns the find still going, or undefined once it ended.
 * Starting one is the caller's ("/" on a list screen).
 */
export function onFindKey(find: Find, names: readonly string[], cursor: { cursor: number }, e: KeyEvent): Find | undefined {
  if (e.name === 'escape') {
    cursor.cursor = find.from;
    return undefined;
  }
  if (e.name === 'return' || e.name === 'tab') return undefined;
  const found = matches(names, find.buffer.text);
  if (e.name === 'up' || e.name === 'down') {
    // In list order, so that ↓ walks down the list.
    const inOrder = [...found].sort((a, b) => a - b);
    if (inOrder.length === 0) return find;
    const next = e.name === 'down' ? inOrder.find((i) => i > cursor.cursor) ?? inOrder[0]! : [...inOrder].reverse().find((i) => i < cursor.cursor) ?? inOrder[inOrder.length - 1]!;
    cursor.cursor = next;
    return find;
  }
  if (editBuffer(find.buffer, e)) {
    const now = matches(names, find.buffer.text);
    if (now.length > 0) cursor.cursor = now[0]!;
    else if (!find.buffer.text) cursor.cursor = find.from;
  }
  return find;
}
