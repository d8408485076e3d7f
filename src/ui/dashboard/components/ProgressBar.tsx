// An upload's progress: a bar, bytes, rate and time left.
import { Text } from 'ink';
import type { Transfer } from '../store.js';
import { fit, formatBytes, formatClock } from '../format.js';

export function transferFigures(t: Transfer): { rate?: number; leftMs?: number; fraction?: number } {
  const seconds = (t.lastAt - t.firstAt) / 1000;
  const rate = seconds > 0 ? (t.bytes - t.firstBytes) / seconds : undefined;
  const fraction = t.total ? Math.min(1, t.bytes / t.total) : undefined;
  const leftMs = rate && t.total ? ((t.total - t.bytes) / rate) * 1000 : undefined;
  return { rate, leftMs, fraction };
}

export function ProgressBar(props: { transfer: Transfer; width: number }): React.JSX.Element {
  const { transfer: t, width } = props;
  const { rate, leftMs, fraction } = transferFigures(t);
  const size = t.total ? `${formatBytes(t.bytes)} / ${formatBytes(t.total)}` : formatBytes(t.bytes);
  const speed = rate !== undefined ? `  ${formatBytes(Math.round(rate))}/s` : '';
  const left = leftMs !== undefined ? `  ${formatClock(leftMs)} left` : '';
  const figures = ` ${size}${speed}${left}`;
  const label = fit(t.label, Math.max(8, Math.floor(width * 0.3)));
  const pct = fraction === undefined ? '' : ` ${Math.floor(fraction * 100)}%`;
  const barWidth = Math.max(5, width - label.length - 1 - pct.length - figures.length - 1);
  const filled = fraction === undefined ? 0 : Math.round(fraction * barWidth);
  return (
    <Text wrap="truncate-end">
      <Text>{label} </Text>
      <Text color="cyan">{'█'.repeat(filled)}</Text>
      <Text color="gray">{'░'.repeat(barWidth - filled)}</Text>
      <Text>
        {pct}
        {figures}
      </Text>
    </Text>
  );
}
