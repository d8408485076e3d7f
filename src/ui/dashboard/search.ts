// Search in the log pane: which lines match, the next or previous match from where the pane
// is, and the scroll position that shows a match in the middle of the pane.
import type { LogLine } from './log-ring.js';
import { lineText, type PaneOptions } from './components/LogPane.js';
import type { ScrollState } from './viewport.js';

/** Indexes of the lines whose shown text contains needle (already lower-case). */
export function findMatches(lines: LogLine[], needle: string, o: PaneOptions): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = 0; i < lines.length; i++) if (lineText(lines[i]!, o).toLowerCase().includes(needle)) out.push(i);
  return out;
}

/**
 * The match after (direction 1) or before (-1) the line with sequence number `fromSeq`,
 * wrapping around; from the end when the pane follows (fromSeq undefined).
 */
export function nextMatch(matches: number[], lines: LogLine[], fromSeq: number | undefined, direction: 1 | -1): number {
  if (fromSeq === undefined) return direction === 1 ? matches[0]! : matches[matches.length - 1]!;
  if (direction === 1) return matches.find((i) => lines[i]!.seq > fromSeq) ?? matches[0]!;
  for (let k = matches.length - 1; k >= 0; k--) if (lines[matches[k]!]!.seq < fromSeq) return matches[k]!;
  return matches[matches.length - 1]!;
}

/** A scroll state whose pane has line `index` in its middle. */
export function scrollToLine(lines: LogLine[], height: number, index: number): ScrollState {
  const bottom = Math.min(lines.length - 1, index + Math.floor(height / 2));
  return { follow: false, anchorSeq: lines[Math.max(index, bottom)]!.seq };
}
