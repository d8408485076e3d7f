// Row and column budget of the live frame. Every region gets a fixed height so the frame
// never outgrows the terminal (a frame taller than the screen makes Ink clear it each time).

/** Narrowest step column before builds stop sitting side by side. */
export const MIN_COLUMN = 28;

export interface LayoutInput {
  columns: number;
  rows: number;
  buildCount: number;
  /** Steps of the builds whose lists are shown. */
  stepCounts: (shownSideBySide: boolean) => number[];
  transfers: number;
  prompt: boolean;
  notice: boolean;
}

export interface Layout {
  width: number;
  height: number;
  sideBySide: boolean;
  columnWidth: number;
  stepsHeight: number;
  logHeight: number;
}

export function computeLayout(i: LayoutInput): Layout {
  const height = Math.max(10, i.rows - 1);
  // One column short of the edge: a row that fills the terminal exactly makes some terminals
  // wrap, which would push the frame up a line each redraw.
  const width = Math.max(20, i.columns - 1);
  const sideBySide = i.buildCount > 1 && Math.floor(width / i.buildCount) >= MIN_COLUMN;
  const columnWidth = sideBySide ? Math.floor(width / i.buildCount) - 1 : width;
  const mostSteps = Math.max(1, ...i.stepCounts(sideBySide));
  const stepsHeight = Math.min(mostSteps, Math.max(3, Math.floor(height * 0.35)));
  // header, tabs, steps, transfers, prompt, notice, log title, log, footer
  const fixed = 1 + 1 + stepsHeight + i.transfers + (i.prompt ? 2 : 0) + (i.notice ? 1 : 0) + 1 + 1;
  const logHeight = Math.max(3, height - fixed);
  return { width, height, sideBySide, columnWidth, stepsHeight, logHeight };
}
