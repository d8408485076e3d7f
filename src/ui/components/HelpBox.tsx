// A bordered box explaining the focused item (the wizard fills it from the field's schema).
import { Box, Text } from 'ink';

export function HelpBox({ title, lines }: { title: string; lines: readonly string[] }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} marginTop={1}>
      <Text bold color="yellow">{title}</Text>
      {lines.map((l, i) => (
        <Text key={i} wrap="wrap">{l}</Text>
      ))}
    </Box>
  );
}
