// The line at the bottom of every screen: the keys that work here.
import { Box, Text, useStdout } from 'ink';
import stringWidth from 'string-width';

export type KeyHint = readonly [key: string, action: string];

const SEP = ' · ';

/** The hints in rows of at most `width` columns; a hint is never split from its key. */
export function footerRows(keys: readonly KeyHint[], width: number): KeyHint[][] {
  const rows: KeyHint[][] = [];
  let row: KeyHint[] = [];
  let used = 0;
  for (const hint of keys) {
    const len = stringWidth(`${hint[0]} ${hint[1]}`);
    if (row.length > 0 && used + SEP.length + len > width) {
      rows.push(row);
      row = [];
      used = 0;
    }
    used += (row.length > 0 ? SEP.length : 0) + len;
    row.push(hint);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

export function KeyFooter({ keys }: { keys: readonly KeyHint[] }) {
  const { stdout } = useStdout();
  const rows = footerRows(keys, stdout?.columns || 80);
  return (
    <Box marginTop={1} flexDirection="column">
      {rows.map((row, r) => (
        <Text key={r} wrap="wrap">
          {row.map(([k, a], i) => (
            <Text key={k + a}>
              {i > 0 ? <Text dimColor>{SEP}</Text> : null}
              <Text bold color="cyan">{k}</Text>
              <Text dimColor> {a}</Text>
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
