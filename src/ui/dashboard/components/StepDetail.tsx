// Enter on a step: everything about it in the log area: state, duration, retries, the whole
// error wrapped, then all its lines (those still in memory; the log file has every one).
import { Box, Text } from 'ink';
import type { StepRow } from '../store.js';
import { wrapRows } from './LogPane.js';
import { stepRight } from './StepList.js';
import { formatDuration } from '../format.js';

export function detailHeader(row: StepRow, now: number, width: number): { text: string; color?: string }[] {
  const out: { text: string; color?: string }[] = [];
  const facts = [
    `state: ${row.state}`,
    row.durationMs !== undefined ? `took ${formatDuration(row.durationMs)}` : row.state === 'running' ? `running ${stepRight(row, now)}` : '',
    row.attempts > 1 ? `retried ×${row.attempts - 1}` : row.attempts === 1 ? 'ran once' : 'not started',
    row.reason ? `why: ${row.reason}` : '',
  ].filter(Boolean);
  for (const r of wrapRows(`${row.title} · ${facts.join(' · ')}`, width)) out.push({ text: r });
  if (row.error) for (const r of row.error.split('\n').flatMap((l) => wrapRows(`error: ${l}`, width))) out.push({ text: r, color: 'red' });
  return out;
}

export function StepDetailHeader(props: { row: StepRow; width: number; now: number }): React.JSX.Element {
  const rows = detailHeader(props.row, props.now, props.width);
  return (
    <Box flexDirection="column" width={props.width}>
      {rows.map((r, i) => (
        <Text key={i} color={r.color} bold={i === 0} wrap="truncate-end">
          {r.text}
        </Text>
      ))}
    </Box>
  );
}
