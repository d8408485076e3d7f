// A question from the engine (on-error=ask, -debug, breakpoint) or the cancel confirmation.
import { Box, Text } from 'ink';
import { fit } from '../format.js';

/** The prompt's text without the lines that only list the choices (the choices row shows them). */
export function promptTitle(prompt: string, choices: { key: string }[]): string {
  const more = / \(\d+ more waiting\)$/.exec(prompt)?.[0] ?? '';
  const lines = prompt.slice(0, prompt.length - more.length).split(/\r?\n/).filter((l) => l.trim() !== '');
  const listsChoices = (l: string) => choices.length > 0 && choices.every((c) => l.includes(`[${c.key}]`));
  const kept = lines.filter((l, i) => i === 0 || !listsChoices(l));
  return kept.join(' ') + more;
}

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
        {fit(`? ${promptTitle(title, choices)}`, width)}
      </Text>
      <Text wrap="truncate-end">
        {choices.map((c, i) => (
          <Text key={c.key}>
            {/* The selected choice is marked by more than colour (NO_COLOR, a monochrome terminal). */}
            {i === highlighted ? ' ›' : '  '}
            <Text inverse={i === highlighted} color={color}>{`[${c.key}] ${c.label}`}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
