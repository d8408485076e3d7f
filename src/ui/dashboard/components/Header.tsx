// Top line: the template, the elapsed time and how many builds run, finished, failed.
import { Text } from 'ink';
import { fit, formatClock } from '../format.js';

export function Header(props: {
  template: string;
  elapsedMs: number;
  counts: { running: number; done: number; failed: number; pending: number };
  width: number;
}): React.JSX.Element {
  const { template, elapsedMs, counts, width } = props;
  const right = `${formatClock(elapsedMs)}  running ${counts.running} · done ${counts.done} · failed ${counts.failed}`;
  const left = fit(`pack build ${template}`, Math.max(10, width - right.length - 2));
  return (
    <Text wrap="truncate-end">
      <Text bold>{left}</Text>
      <Text>{' '.repeat(Math.max(2, width - left.length - right.length))}</Text>
      <Text color="gray">{formatClock(elapsedMs)}  </Text>
      <Text color="cyan">running {counts.running}</Text>
      <Text color="gray"> · </Text>
      <Text color="green">done {counts.done}</Text>
      <Text color="gray"> · </Text>
      <Text color={counts.failed > 0 ? 'red' : 'gray'}>failed {counts.failed}</Text>
    </Text>
  );
}
