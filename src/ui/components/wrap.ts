// Word wrapping for the wizard's own texts, so that rows fit and their number is known before Ink draws them.

/**
 * Plain text (no colour codes) broken at spaces into rows of at most `width` characters, a word longer than a
 * row cut. Ink's own wrapping keeps the space it breaks at, which starts the next row (or makes an empty one).
 */
export function wordWrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const rows: string[] = [];
  for (const whole of text.split('\n')) {
    // A line's indent stays, on each of its rows.
    const indent = /^ */.exec(whole)![0].slice(0, w - 1);
    const line = whole.slice(indent.length);
    const start = rows.length;
    let row = '';
    const room = w - indent.length;
    for (let word of line.split(' ')) {
      while ([...word].length > room) {
        if (row) rows.push(row);
        row = '';
        rows.push([...word].slice(0, room).join(''));
        word = [...word].slice(room).join('');
      }
      if (!row) row = word;
      else if ([...row].length + 1 + [...word].length <= room) row += ` ${word}`;
      else {
        rows.push(row);
        row = word;
      }
    }
    rows.push(row);
    for (let i = start; i < rows.length; i++) rows[i] = indent + rows[i];
  }
  return rows;
}
