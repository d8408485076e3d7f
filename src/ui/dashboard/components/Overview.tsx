// One row per build, for runs with more builds than fit side by side: state, current step,
// elapsed time and progress (steps finished of planned, and an upload's percentage).
import { Box, Text } from 'ink';
import type { BuildView } from '../store.js';
import { fit, formatClock, formatDuration } from '../format.js';
import { visibleWindow } from '../../components/window.js';
import { buildIcon } from './BuildTabs.js';

const STATE_WORD: Record<BuildView['status'], string> = {
  pending: 'waiting',
  running: 'running',
  success: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function overviewRow(b: BuildView, now: number, width: number): string {
  const finished = b.steps.filter((s) => s.state !== 'waiting' && s.state !== 'running').length;
  const current = b.steps.find((s) => s.state === 'running') ?? (b.status === 'failed' ? b.steps.find((s) => s.state === 'failed') : undefined);
  const upload = [...b.transfers.values()].find((t) => !t.done && t.total);
  const progress = `${finished}/${b.steps.length}${upload ? ` ↑${Math.floor((upload.bytes / upload.total!) * 100)}%` : ''}`;
  const elapsed = b.durationMs !== undefined ? formatDuration(b.durationMs) : b.startedAt !== undefined ? formatClock(now - b.startedAt) : '';
  const right = `${progress.padStart(9)} ${elapsed.padStart(7)}`;
  const what = current ? current.title : b.status === 'failed' ? (b.error ?? '') : '';
  const left = `${b.name.padEnd(14)} ${STATE_WORD[b.status].padEnd(9)} ${what}`;
  return fit(left, Math.max(1, width - right.length - 1)).padEnd(Math.max(1, width - right.length - 1)) + ' ' + right;
}

export function Overview(props: { builds: BuildView[]; selected: number; width: number; height: number; now: number }): React.JSX.Element {
  const { builds, selected, width, height, now } = props;
  const { start, end } = visibleWindow(builds.length, selected, height);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {start > 0 ? <Text color="gray">{`  ↑ ${start} more`}</Text> : null}
      {builds.slice(start, end).map((b, j) => {
        const i = start + j;
        const { icon, color } = buildIcon(b, now);
        return (
          <Text key={b.name} wrap="truncate-end">
            <Text>{i === selected ? '❯' : ' '}</Text>
            <Text color={color}>{icon} </Text>
            <Text inverse={i === selected} color={b.status === 'failed' ? 'red' : undefined}>
              {overviewRow(b, now, width - 4)}
            </Text>
          </Text>
        );
      })}
      {end < builds.length ? <Text color="gray">{`  ↓ ${builds.length - end} more`}</Text> : null}
    </Box>
  );
}
