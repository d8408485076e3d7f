// `?`: every key of the dashboard, in place of the log pane.
import { Box, Text } from 'ink';
import { fit } from '../format.js';

export const HELP_KEYS: [string, string][] = [
  ['Tab / Shift-Tab / 1-9', 'next / previous / numbered build'],
  ['↑ ↓', 'select a step (its lines only); in the overview, a build'],
  ['Enter', "a step's detail: state, duration, retries, whole error, all its lines"],
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
  const keyWidth = Math.max(...keys.map(([k]) => k.length)) + 2;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {keys.map(([k, what]) => (
        <Text key={k} wrap="truncate-end">
          <Text bold color="cyan">
            {k.padEnd(keyWidth)}
          </Text>
          <Text>{fit(what, Math.max(1, width - keyWidth))}</Text>
        </Text>
      ))}
      {logPath ? <Text color="gray" wrap="truncate-end">{fit(`log file: ${logPath}`, width)}</Text> : null}
    </Box>
  );
}
