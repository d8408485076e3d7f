// Renders a TextBuffer with its cursor (an inverse cell). Masks secrets. Several lines for multi-line fields.
import { Text } from 'ink';
import type { TextBuffer } from './text-buffer.js';

export function TextInputView({ buffer, mask, placeholder }: { buffer: TextBuffer; mask?: boolean; placeholder?: string }) {
  const shown = mask ? buffer.text.replace(/[^\n]/g, '•') : buffer.text;
  if (shown === '' && placeholder) {
    return (
      <Text>
        <Text inverse> </Text>
        <Text dimColor>{placeholder}</Text>
      </Text>
    );
  }
  const before = shown.slice(0, buffer.cursor);
  const at = shown.slice(buffer.cursor, buffer.cursor + 1);
  const after = shown.slice(buffer.cursor + 1);
  return (
    <Text>
      {before}
      <Text inverse>{at === '' || at === '\n' ? ' ' : at}</Text>
      {at === '\n' ? '\n' : ''}
      {after}
    </Text>
  );
}
