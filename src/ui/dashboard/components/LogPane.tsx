// A fixed-height viewport on one build's log, marked like Packer's output ("==> " for says
// and errors, an indent for messages): stderr and errors in red, says in bold.
import { Box, Text } from 'ink';
import type { LogLine } from '../log-ring.js';
import { fit } from '../format.js';

export function lineColor(line: LogLine): string | undefined {
  if (line.stream === 'stderr' || line.level === 'error') return 'red';
  return undefined;
}

export function LogPane(props: { lines: LogLine[]; width: number; height: number }): React.JSX.Element {
  const { lines, width, height } = props;
  return (
    <Box flexDirection="column" height={height} width={width}>
      {lines.map((line) => (
        <Text key={line.seq} color={lineColor(line)} bold={line.level === 'say'} wrap="truncate-end">
          {fit((line.level === 'message' ? '    ' : '==> ') + line.text, width) || ' '}
        </Text>
      ))}
    </Box>
  );
}
