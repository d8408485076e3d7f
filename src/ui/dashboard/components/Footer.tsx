// Bottom line: only the keys that work in the current mode.
import { Text } from 'ink';

export function Footer(props: { keys: [string, string][] }): React.JSX.Element {
  return (
    <Text wrap="truncate-end">
      {props.keys.map(([k, label], i) => (
        <Text key={k}>
          {i > 0 ? '  ' : ''}
          <Text bold color="cyan">
            {k}
          </Text>
          <Text color="gray"> {label}</Text>
        </Text>
      ))}
    </Text>
  );
}
