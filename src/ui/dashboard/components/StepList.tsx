// One build's steps: an icon per state, the title, and the duration or the elapsed time.
import { Box, Text } from 'ink';
import type { BuildView, StepRow, StepView } from '../store.js';
import { stepView } from '../store.js';
import { fit, formatClock, formatDuration } from '../format.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const ICON: Record<Exclude<StepView, 'running'>, { icon: string; color: string }> = {
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

function rightSide(row: StepRow, view: StepView, now: number): string {
  if (view === 'running' && row.startedAt !== undefined) return formatClock(now - row.startedAt);
  if ((view === 'done' || view === 'failed') && row.durationMs !== undefined) return formatDuration(row.durationMs);
  if (view === 'skipped') return 'skipped';
  if (view === 'cancelled') return 'cancelled';
  if (view === 'cached') return row.savedMs ? `cached, saved ${formatDuration(row.savedMs)}` : 'cached';
  return '';
}

export function StepLine(props: { row: StepRow; width: number; now: number; selected: boolean }): React.JSX.Element {
  const { row, width, now, selected } = props;
  const view = stepView(row);
  const { icon, color } = view === 'running' ? { icon: spinnerFrame(now), color: 'cyan' } : ICON[view];
  const right = rightSide(row, view, now);
  const reason = view === 'failed' && row.error ? `: ${row.error}` : '';
  const titleWidth = Math.max(1, width - 2 - (right ? right.length + 1 : 0));
  const target = row.target ? ` → ${row.target}` : '';
  const title = fit(row.title + target + reason, titleWidth).padEnd(titleWidth);
  return (
    <Text wrap="truncate-end">
      <Text color={color}>{icon} </Text>
      <Text inverse={selected} color={view === 'failed' ? 'red' : view === 'waiting' ? 'gray' : undefined}>
        {title}
      </Text>
      {right ? <Text color="gray"> {right}</Text> : null}
    </Text>
  );
}

/** Shows `height` rows around the selected step (or the running one). */
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
  const focus = selectedStep >= 0 ? selectedStep : Math.max(0, steps.findIndex((s) => stepView(s) === 'running' || stepView(s) === 'failed'));
  const first = Math.max(0, Math.min(focus - Math.floor(height / 2), steps.length - height));
  const visible = steps.slice(first, first + height);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {steps.length === 0 ? <Text color="gray">{fit(build.status === 'pending' ? 'waiting to start…' : 'no steps', width)}</Text> : null}
      {visible.map((row, i) => (
        <StepLine key={row.id} row={row} width={width} now={now} selected={active && first + i === selectedStep} />
      ))}
    </Box>
  );
}
