// A list with a cursor; with `checked`, a multi-select (Space toggles). Pure view: the caller owns the state.
import { Box, Text } from 'ink';
import { visibleWindow } from './window.js';

export interface SelectItem {
  label: string;
  hint?: string;
  tag?: string;
  dim?: boolean;
}

export function SelectList({ items, cursor, checked, room = Infinity }: {
  items: readonly SelectItem[];
  cursor: number;
  checked?: readonly (boolean | undefined)[];
  /** Lines available: a longer list scrolls with the cursor. */
  room?: number;
}) {
  const { start, end } = visibleWindow(items.length, cursor, room);
  return (
    <Box flexDirection="column">
      {start > 0 ? <Text dimColor>  ↑ {start} more</Text> : null}
      {items.slice(start, end).map((it, j) => {
        const i = start + j;
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
      {end < items.length ? <Text dimColor>  ↓ {items.length - end} more</Text> : null}
    </Box>
  );
}
