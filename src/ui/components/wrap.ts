// Word wrapping for the wizard's own texts, so that rows fit and their number is known before Ink draws them.
// Widths are terminal columns (string-width, as Ink measures): a CJK character or an emoji takes two.
import stringWidth from 'string-width';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Plain text cut into rows of at most `width` columns between graphemes, without looking for spaces (a log line
 * is cut where the row ends, as a terminal would). A grapheme wider than the row takes a row of its own.
 */
export function cutColumns(text: string, width: number): string[] {
  const rows: string[] = [];
  let row = '';
  let used = 0;
  // One pass: a long line is measured a grapheme at a time, once.
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (row !== '' && used + w > width) {
      rows.push(row);
      row = '';
      used = 0;
    }
    row += segment;
    used += w;
  }
  rows.push(row);
  return rows;
}

/**
 * Plain text (no colour codes) broken at spaces into rows of at most `width` columns, a word longer than a
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
    let rowWidth = 0;
    const room = w - indent.length;
    for (let word of line.split(' ')) {
      let wordWidth = stringWidth(word);
      if (wordWidth > room) {
        // A word longer than a row: cut into rows of its own, its last piece going on as a word.
        if (row) rows.push(row);
        const pieces = cutColumns(word, room);
        word = pieces.pop()!;
        rows.push(...pieces);
        row = '';
        wordWidth = stringWidth(word);
      }
      if (!row) {
        row = word;
        rowWidth = wordWidth;
      } else if (rowWidth + 1 + wordWidth <= room) {
        row += ` ${word}`;
        rowWidth += 1 + wordWidth;
      } else {
        rows.push(row);
        row = word;
        rowWidth = wordWidth;
      }
    }
    if (row !== '' || rows.length === start) rows.push(row); // an empty line is still a row
    for (let i = start; i < rows.length; i++) rows[i] = indent + rows[i];
  }
  return rows;
}
