// `?`: every key of the dashboard, in place of the log pane.
import { Box, Text } from 'ink';
import { fit } from '../format.js';

export const HELP_KEYS: [string, string][] = [
  ['Tab / Shift-Tab / 1-9', 'next / previous / numbered build'],
  ['↑ ↓', 'select a step (its lines only); in the overview, a build'],
  ['Enter', "a step's detail (state, duration, retries, whole error, all its lines); when a question waits, the choice shown"],
  ['← → / letters', 'a waiting question: move between its choices / answer with its key'],
  ['o', 'overview of every build (on by itself when they do not fit)'],
  ['m', "merged log: every build's lines, each named by its build"],
  ['/  n  N', 'search; next and previous match'],
  ['PgUp PgDn Home End', 'scroll the log'],
  ['f', 'pause / follow the log'],
  ['l', "page the build's log file (every line, as written)"],
  ['Esc', 'back: close the detail, merged view or file; clear the search'],
  ['q / Ctrl-C', 'cancel the run (asks first); cleanup runs'],
  ['?', 'show / hide these keys'],
];

export function HelpPane(props: { keys: [string, string][]; width: number; height: number; logPath?: string }): React.JSX.Element {
  const { keys, width, height, logPath } = props;
  // A narrow terminal gives the descriptions the room: the longest keys then run into them, set off by two spaces.
  const widest = Math.max(...keys.map(([k]) => k.length)) + 2;
  const keyWidth = width < 70 ? Math.min(widest, 12) : widest;
  // Rows never shrink (Yoga would squeeze some to nothing); what does not fit is counted instead.
  const room = Math.max(1, height - (logPath ? 1 : 0));
  const shown = keys.length > room ? keys.slice(0, Math.max(0, room - 1)) : keys;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {shown.map(([k, what]) => {
        const key = k.length + 2 > keyWidth ? `${k}  ` : k.padEnd(keyWidth);
        return (
          <Box key={k} flexShrink={0}>
            <Text wrap="truncate-end">
              <Text bold color="cyan">{key}</Text>
              <Text>{fit(what, Math.max(1, width - key.length))}</Text>
            </Text>
          </Box>
        );
      })}
      {shown.length < keys.length ? (
        <Box flexShrink={0}><Text color="gray">{fit(`… ${keys.length - shown.length} more keys: a taller terminal shows them`, width)}</Text></Box>
      ) : null}
      {logPath ? <Box flexShrink={0}><Text color="gray" wrap="truncate-end">{fit(`log file: ${logPath}`, width)}</Text></Box> : null}
    </Box>
  );
}
