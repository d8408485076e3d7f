// One tab per build with its number key and state; the selected one is inverted.
import { Text } from 'ink';
import type { BuildView } from '../store.js';
import { spinnerFrame } from './StepList.js';

export function buildIcon(b: BuildView, now: number): { icon: string; color: string } {
  switch (b.status) {
    case 'running':
      return { icon: spinnerFrame(now), color: 'cyan' };
    case 'success':
      return { icon: '✔', color: 'green' };
    case 'failed':
      return { icon: '✖', color: 'red' };
    case 'cancelled':
      return { icon: '■', color: 'yellow' };
    default:
      return { icon: '○', color: 'gray' };
  }
}

export function BuildTabs(props: { builds: BuildView[]; selected: number; now: number }): React.JSX.Element {
  return (
    <Text wrap="truncate-end">
      {props.builds.map((b, i) => {
        const { icon, color } = buildIcon(b, props.now);
        return (
          <Text key={b.name}>
            {i > 0 ? '  ' : ''}
            <Text color={color}>{icon}</Text>
            <Text inverse={i === props.selected} bold={i === props.selected}>
              {` ${i < 9 ? `${i + 1}:` : ''}${b.name} `}
            </Text>
          </Text>
        );
      })}
    </Text>
  );
}
