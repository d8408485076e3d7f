// A list with a cursor; with `checked`, a multi-select (Space toggles). Pure view: the caller owns the state.
import { Box, Text } from 'ink';

export interface SelectItem {
  label: string;
  hint?: string;
  tag?: string;
  dim?: boolean;
}

export function SelectList({ items, cursor, checked }: { items: readonly SelectItem[]; cursor: number; checked?: readonly (boolean | undefined)[] }) {
  return (
    <Box flexDirection="column">
      {items.map((it, i) => {
        const focused = i === cursor;
        return (
          <Text key={i} wrap="truncate-end">
            <Text color="cyan">{focused ? '❯ ' : '  '}</Text>
            {checked ? <Text color={checked[i] ? 'green' : undefined}>{checked[i] === undefined ? '  ' : checked[i] ? '◉ ' : '◯ '}</Text> : null}
            <Text bold={focused} dimColor={it.dim}>{it.label}</Text>
            {it.tag ? <Text color="green"> [{it.tag}]</Text> : null}
            {it.hint ? <Text dimColor>  {it.hint}</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}
