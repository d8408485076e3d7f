// What stays on the screen after the run: one block per build, then Packer's closing lines.
import { Box, Text } from 'ink';
import type { BuildView, RunEnd } from '../store.js';
import { formatDuration } from '../format.js';

function BuildSummary(props: { build: BuildView; logFile?: string }): React.JSX.Element {
  const { build: b, logFile } = props;
  const took = b.durationMs !== undefined ? formatDuration(b.durationMs) : '';
  const head =
    b.status === 'success'
      ? { icon: '✔', color: 'green', text: `Build '${b.name}' finished after ${took}.` }
      : b.status === 'cancelled'
        ? { icon: '■', color: 'yellow', text: `Build '${b.name}' cancelled${took ? ` after ${took}` : ''}.` }
        : b.status === 'failed'
          ? { icon: '✖', color: 'red', text: `Build '${b.name}' errored${took ? ` after ${took}` : ''}: ${b.error ?? 'failed'}` }
          : { icon: '○', color: 'gray', text: `Build '${b.name}' did not run.` };
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={head.color}>{head.icon} </Text>
        <Text bold>{head.text}</Text>
      </Text>
      {b.artifacts.map((a, i) => (
        <Text key={i}>{`    artifact: ${a.description}`}</Text>
      ))}
      {logFile ? <Text color="gray">{`    log: ${logFile}`}</Text> : null}
    </Box>
  );
}

export function Summary(props: { builds: BuildView[]; end: RunEnd; logFiles: Record<string, string | undefined> }): React.JSX.Element {
  const { builds, end, logFiles } = props;
  const failed = builds.filter((b) => b.status !== 'success');
  return (
    <Box flexDirection="column">
      {builds.map((b) => (
        <BuildSummary key={b.name} build={b} logFile={logFiles[b.name]} />
      ))}
      <Text> </Text>
      {end.cancelled ? <Text color="yellow">{`==> Run cancelled after ${formatDuration(end.durationMs)}.`}</Text> : null}
      {failed.length > 0 && !end.cancelled ? (
        <Text color="red">{"==> Some builds didn't complete successfully and had errors."}</Text>
      ) : null}
      {failed.length === 0 ? <Text>{`==> Builds finished after ${formatDuration(end.durationMs)}.`}</Text> : null}
    </Box>
  );
}
