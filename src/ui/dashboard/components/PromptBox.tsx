// A question from the engine (on-error=ask, -debug, breakpoint) or the cancel confirmation.
import { Box, Text } from 'ink';
import stringWidth from 'string-width';
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
  // Too narrow for every label: the keys, and the selected choice's label, so Enter's answer stays in view.
  const full = choices.reduce((n, c) => n + 2 + stringWidth(`[${c.key}] ${c.label}`), 0) <= width;
  const shown = (c: { key: string; label: string }, i: number) => (full || i === highlighted ? `[${c.key}] ${c.label}` : `[${c.key}]`);
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
            <Text inverse={i === highlighted} color={color}>{shown(c, i)}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
