// A question from the engine (on-error=ask, -debug, breakpoint) or the cancel confirmation.
import { Box, Text } from 'ink';
import { fit } from '../format.js';

export function PromptBox(props: {
  title: string;
  choices: { key: string; label: string }[];
  highlighted: number;
  width: number;
  tone: 'question' | 'warning';
}): React.JSX.Element {
  const { title, choices, highlighted, width, tone } = props;
  const color = tone === 'warning' ? 'yellow' : 'magenta';
  return (
    <Box flexDirection="column" width={width}>
      <Text color={color} bold wrap="truncate-end">
        {fit(`? ${title}`, width)}
      </Text>
      <Text wrap="truncate-end">
        {choices.map((c, i) => (
          <Text key={c.key}>
            {'  '}
            <Text inverse={i === highlighted} color={color}>{`[${c.key}] ${c.label}`}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
