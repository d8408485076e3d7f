// What the dashboard leaves in the scrollback when the run ends, written as plain text after
// Ink has erased its live frame: each build's steps with status and duration, the last lines
// of a failed step and the whole error, the artifacts and the log files, then Packer's
// closing line. Colour only repeats what the symbols and words say.
import type { BuildView, RunEnd, StepRow } from './store.js';
import { STEP_ICON, stepRight, stepTitle } from './components/StepList.js';
import { lineText, wrapRows } from './components/LogPane.js';
import { fit, formatDuration } from './format.js';
import { cacheSummaryText } from '../../output/lines.js';
import { wordWrap } from '../components/wrap.js';

const SGR: Record<string, string> = { green: '32', red: '31', yellow: '33', gray: '90', blue: '34', cyan: '36', bold: '1' };

export interface FinalFrameOptions {
  width: number;
  color: boolean;
  logFiles: Record<string, string | undefined>;
  /** Lines of a failed step to repeat. */
  failedLines?: number;
  /** The run's warnings, written before the run (Ink's full-screen frames clear them from the terminal): shown first, as given. */
  warnings?: string;
}

export function finalFrame(builds: BuildView[], end: RunEnd, o: FinalFrameOptions): string {
  const paint = (style: string, text: string) => (o.color && SGR[style] ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text);
  // Compact: short rows keep a step's duration near its title on wide terminals.
  const width = Math.max(20, Math.min(100, o.width - 1));
  // Text (errors, a failed step's lines, artifacts, log paths) takes the whole terminal: a path cut at 100
  // columns on a 200-column terminal reads as two names.
  const full = Math.max(20, o.width - 1);
  const out: string[] = [];
  if (o.warnings) out.push(...wordWrap(o.warnings.replace(/\n+$/, ''), full), '');
  for (const b of builds) {
    const took = b.durationMs !== undefined ? formatDuration(b.durationMs) : '';
    const head =
      b.status === 'success'
        ? paint('green', '✔') + ' ' + paint('bold', `Build '${b.name}' finished after ${took}.`)
        : b.status === 'cancelled'
          ? paint('yellow', '■') + ' ' + paint('bold', `Build '${b.name}' cancelled${took ? ` after ${took}` : ''}.`)
          : b.status === 'failed'
            ? paint('red', '✖') + ' ' + paint('bold', `Build '${b.name}' errored${took ? ` after ${took}` : ''}.`)
            : paint('gray', '○') + ' ' + `Build '${b.name}' did not run.`;
    out.push(head);
    for (const row of b.steps) {
      // Cleanup rows only when they failed: they are many and rarely interesting.
      if (row.kind === 'cleanup' && row.state !== 'failed') continue;
      out.push(stepLine(row, width, paint));
      if (row.state === 'failed') out.push(...failedLines(b, row, full, o.failedLines ?? 5, paint));
    }
    // A failed step already showed its error; a build that failed outside any step shows its own.
    if (b.status === 'failed' && b.error && !b.steps.some((s) => s.state === 'failed')) {
      out.push(...indentWrapped(`error: ${b.error}`, full, '    ', (t) => paint('red', t)));
    }
    if (b.cache) out.push(...indentWrapped(`cache: ${cacheSummaryText(b.cache, formatDuration)}`, full, '    ', (t) => paint('cyan', t)));
    // Artifacts and log files name paths that people copy: one row each, which the terminal wraps softly (a
    // newline cut into a path would be copied with it).
    for (const a of b.artifacts) out.push(...a.description.split('\n').map((l, i) => `    ${i === 0 ? 'artifact: ' : ''}${l}`));
    const log = o.logFiles[b.name];
    if (log) out.push(`    ${paint('gray', `log: ${log}`)}`);
  }
  out.push('');
  const failed = builds.filter((b) => b.status !== 'success');
  if (end.cancelled) out.push(paint('yellow', `==> Run cancelled after ${formatDuration(end.durationMs)}.`));
  else if (failed.length > 0) out.push(paint('red', "==> Some builds didn't complete successfully and had errors."));
  else out.push(`==> Builds finished after ${formatDuration(end.durationMs)}.`);
  return out.join('\n') + '\n';
}

function stepLine(row: StepRow, width: number, paint: (s: string, t: string) => string): string {
  const { icon, color } = row.state === 'running' ? { icon: '…', color: 'cyan' } : STEP_ICON[row.state];
  const right = stepRight(row, 0);
  const room = Math.max(8, width - 6 - right.length - 1);
  // A failed step's error follows on its own rows, whole.
  const title = fit(row.state === 'failed' ? row.title : stepTitle(row), room).padEnd(room);
  return `  ${paint(color, icon)} ${row.state === 'failed' ? paint('red', title) : title} ${paint('gray', right)}`;
}

/** Rows of at most width columns broken at spaces (a word longer than a row is cut), each starting with indent. */
function indentWrapped(text: string, width: number, indent: string, paint: (t: string) => string): string[] {
  return text.split('\n').flatMap((l) => wordWrap(l, width - indent.length).map((r) => indent + paint(r)));
}

function failedLines(b: BuildView, row: StepRow, width: number, count: number, paint: (s: string, t: string) => string): string[] {
  const lines = b.logs.lines((l) => l.step === row.id).slice(-count);
  // A line may hold newlines (a message of several lines): each part gets the gutter.
  const out = lines.flatMap((l) => lineText(l, {}).split('\n').flatMap((part) => wrapRows(part, width - 8)).map((r) => `      ${paint('gray', '│')} ${r}`));
  if (row.error) out.push(...indentWrapped(`error: ${row.error}`, width, '      ', (t) => paint('red', t)));
  return out;
}
