// The line at the bottom of every screen: the keys that work here.
import { Box, Text } from 'ink';

export type KeyHint = readonly [key: string, action: string];

export function KeyFooter({ keys }: { keys: readonly KeyHint[] }) {
  return (
    <Box marginTop={1}>
      <Text wrap="wrap">
        {keys.map(([k, a], i) => (
          <Text key={k + a}>
            {i > 0 ? <Text dimColor> · </Text> : null}
            <Text bold color="cyan">{k}</Text>
            <Text dimColor> {a}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
