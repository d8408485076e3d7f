// Pieces every wizard screen uses: the title line, the footer of keys, a field's explanation.
import type { ReactNode } from 'react';
import { Box, Text, useStdout } from 'ink';
import { wordWrap } from '../components/wrap.js';
import type { FieldSpec } from '../../schema/types.js';
import { KeyFooter, type KeyHint } from '../components/KeyFooter.js';
import { isMultiline } from '../../init/values.js';
import type { WizardState } from './state.js';

export const MOVE: KeyHint = ['↑↓/jk', 'move'];
export const BACK: KeyHint = ['Esc', 'back'];
export const HELP: KeyHint = ['?', 'explain'];
export const QUIT: KeyHint = ['Ctrl-C', 'quit, write nothing'];

/** The screen's number: how far along the way here it is (going back shows the earlier number again). */
export function stepNumber(state: { stack: unknown[] }): string {
  return String(state.stack.length);
}

export function Title({ step, text }: { step: string; text: string }) {
  return (
    // One Text with nested spans: sibling Texts in a row shrink each other on a narrow terminal ("pack ini").
    <Box marginBottom={1} flexShrink={0}>
      <Text>
        <Text bold color="magenta">pack init</Text>
        <Text dimColor> · {step} · </Text>
        <Text bold>{text}</Text>
      </Text>
    </Box>
  );
}

export function fieldHelp(name: string, spec: FieldSpec): { title: string; lines: string[] } {
  const lines = [spec.description, `type: ${spec.type}${spec.required ? ' (required)' : ''}${spec.sensitive ? ', secret' : ''}`];
  if (spec.default !== undefined) lines.push(`default: ${JSON.stringify(spec.default)}`);
  if (spec.enum) lines.push(`one of: ${spec.enum.join(', ')}`);
  if (spec.example) lines.push(`example: ${spec.example}`);
  if (spec.path) lines.push(spec.path === 'inventory' ? 'a local file or folder that must exist, or an inline host list (host1,host2,)' : `a local ${spec.path === 'dir' ? 'folder' : 'file'} that must exist`);
  if (isMultiline(spec)) lines.push('one item a line; Tab or Ctrl-D finishes editing');
  return { title: name, lines };
}

export function valueText(text: string | undefined, spec: FieldSpec): string {
  if (text === undefined || text === '') return '';
  if (spec.sensitive) return '•'.repeat(Math.min(text.length, 12));
  return text.includes('\n') ? text.split('\n').join(' ⏎ ') : text;
}

/** The notice, wrapped by words (Ink's wrap starts a row with the space it broke at). */
function Notice({ text }: { text: string }) {
  const { stdout } = useStdout();
  return <Text color="yellow">{wordWrap(text, stdout?.columns || 80).join('\n')}</Text>;
}

export function Footer({ state, keys }: { state: WizardState; keys: readonly KeyHint[] }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {state.notice ? <Notice text={state.notice} /> : null}
      <KeyFooter keys={keys} />
    </Box>
  );
}

/**
 * What a screen shows between its title and its footer. The screens size their lists to the terminal, but
 * should they guess short (a wrapped help text, a tiny terminal), the App's frame is capped at the terminal's
 * height and this part gives up its last rows, cut cleanly, while the title and the keys stay. The inner box
 * keeps its natural height: a shrunk Text would be drawn over its neighbours.
 */
export function Body({ children }: { children?: ReactNode }) {
  return (
    <Box flexDirection="column" flexShrink={1} overflow="hidden">
      <Box flexDirection="column" flexShrink={0}>{children}</Box>
    </Box>
  );
}
