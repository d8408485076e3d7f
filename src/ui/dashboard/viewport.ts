// Which log lines a fixed-height pane shows. The pane either follows the newest line or stays
// anchored to a line (by sequence number), so new output does not move what the person reads.
import type { LogLine } from './log-ring.js';

export interface ScrollState {
  follow: boolean;
  /** Sequence number of the bottom line when not following. */
  anchorSeq?: number;
}

/** Index of the last line whose seq is <= seq (lines are in seq order); -1 if none. */
function indexAtOrBefore(lines: LogLine[], seq: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.seq <= seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function bottomIndex(lines: LogLine[], height: number, s: ScrollState): number {
  if (lines.length === 0) return -1;
  if (s.follow || s.anchorSeq === undefined) return lines.length - 1;
  const i = indexAtOrBefore(lines, s.anchorSeq);
  // Never show a half-empty pane when there are enough lines to fill it.
  return Math.max(i, Math.min(height, lines.length) - 1);
}

export function visibleLines(lines: LogLine[], height: number, s: ScrollState): { shown: LogLine[]; above: number; below: number } {
  const end = bottomIndex(lines, height, s) + 1;
  const start = Math.max(0, end - height);
  return { shown: lines.slice(start, end), above: start, below: lines.length - end };
}

/** Moves the bottom of the pane by delta lines; reaching the end going down turns following back on. */
export function scrollBy(lines: LogLine[], height: number, s: ScrollState, delta: number): ScrollState {
  if (lines.length === 0) return s;
  const last = lines.length - 1;
  const current = bottomIndex(lines, height, s);
  const next = Math.min(last, Math.max(Math.min(height, lines.length) - 1, current + delta));
  if (delta > 0 && next >= last) return { follow: true };
  return { follow: false, anchorSeq: lines[next]!.seq };
}

export function scrollHome(lines: LogLine[], height: number): ScrollState {
  if (lines.length === 0) return { follow: false };
  // Anchored on the first line: the pane shows the top whatever height it gets.
  void height;
  return { follow: false, anchorSeq: lines[0]!.seq };
}

export function toggleFollow(lines: LogLine[], s: ScrollState): ScrollState {
  if (!s.follow) return { follow: true };
  const last = lines[lines.length - 1];
  return { follow: false, anchorSeq: last?.seq };
}
