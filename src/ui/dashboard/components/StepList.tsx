// One build's steps: an icon and a word per state (colour only repeats them), the title,
// why a step was skipped, how often it was retried, and the duration or the elapsed time.
import { Box, Text } from 'ink';
import type { BuildView, StepRow, StepView } from '../store.js';
import { fit, formatClock, formatDuration } from '../format.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export const STEP_ICON: Record<Exclude<StepView, 'running'>, { icon: string; color: string }> = {
  waiting: { icon: '○', color: 'gray' },
  done: { icon: '✔', color: 'green' },
  failed: { icon: '✖', color: 'red' },
  skipped: { icon: '↓', color: 'yellow' },
  cancelled: { icon: '■', color: 'yellow' },
  cached: { icon: '↺', color: 'cyan' },
};

export function spinnerFrame(now: number): string {
  return SPINNER[Math.floor(now / 100) % SPINNER.length]!;
}

export function stepIcon(row: StepRow, now: number): { icon: string; color: string } {
  return row.state === 'running' ? { icon: spinnerFrame(now), color: 'cyan' } : STEP_ICON[row.state];
}

/** The right-hand column: the clock or the duration, or the state's word; "retried ×N" after a retry. */
export function stepRight(row: StepRow, now: number): string {
  const retried = row.attempts > 1 ? `retried ×${row.attempts - 1} ` : '';
  switch (row.state) {
    case 'running':
      return retried + (row.startedAt !== undefined ? formatClock(now - row.startedAt) : '');
    case 'done':
      return retried + (row.durationMs !== undefined ? formatDuration(row.durationMs) : 'done');
    case 'failed':
      return `${retried}failed${row.durationMs !== undefined ? ` ${formatDuration(row.durationMs)}` : ''}`;
    case 'cached':
      return row.savedMs ? `cached, saved ${formatDuration(row.savedMs)}` : 'cached';
    case 'skipped':
      return 'skipped';
    case 'cancelled':
      return 'cancelled';
    default:
      return '';
  }
}

/** The title with what the state adds: the target, the error, or why it was skipped. */
export function stepTitle(row: StepRow): string {
  const target = row.target ? ` → ${row.target}` : '';
  const why =
    row.state === 'failed' && row.error
      ? `: ${row.error}`
      : (row.state === 'skipped' || row.state === 'cached') && row.reason
        ? ` (${row.reason})`
        : '';
  return row.title + target + why;
}

export function StepLine(props: { row: StepRow; width: number; now: number; selected: boolean }): React.JSX.Element {
  const { row, width, now, selected } = props;
  const { icon, color } = stepIcon(row, now);
  const right = stepRight(row, now);
  const titleWidth = Math.max(1, width - 2 - (right ? right.length + 1 : 0));
  const title = fit(stepTitle(row), titleWidth).padEnd(titleWidth);
  return (
    <Text wrap="truncate-end">
      <Text color={color}>{icon} </Text>
      <Text inverse={selected} color={row.state === 'failed' ? 'red' : row.state === 'waiting' ? 'gray' : undefined}>
        {title}
      </Text>
      {right ? <Text color="gray"> {right}</Text> : null}
    </Text>
  );
}

/** Shows `height` rows around the selected step (or the running or failed one). */
export function StepList(props: {
  build: BuildView;
  width: number;
  height: number;
  now: number;
  selectedStep: number;
  active: boolean;
}): React.JSX.Element {
  const { build, width, height, now, selectedStep, active } = props;
  const steps = build.steps;
  const focus = selectedStep >= 0 ? selectedStep : Math.max(0, steps.findIndex((s) => s.state === 'running' || s.state === 'failed'));
  const first = Math.max(0, Math.min(focus - Math.floor(height / 2), steps.length - height));
  const visible = steps.slice(first, first + height);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {steps.length === 0 ? (
        <Text color={build.status === 'failed' ? 'red' : 'gray'} wrap="truncate-end">
          {fit(build.status === 'pending' ? 'waiting to start…' : build.status === 'failed' ? `✖ ${build.error ?? 'failed'}` : 'no steps', width)}
        </Text>
      ) : null}
      {visible.map((row, i) => (
        <StepLine key={row.id} row={row} width={width} now={now} selected={active && first + i === selectedStep} />
      ))}
    </Box>
  );
}
