// Word wrapping for the wizard's own texts, so that rows fit and their number is known before Ink draws them.
// Widths are terminal columns (string-width, as Ink measures): a CJK character or an emoji takes two.
import stringWidth from 'string-width';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The longest head of `word` that fits `room` columns, cut between graphemes (a joined emoji stays whole);
 * at least one grapheme, so that a character wider than the row still moves on.
 */
function cut(word: string, room: number): [head: string, rest: string] {
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(word)) {
    const w = stringWidth(segment);
    if (index > 0 && used + w > room) break;
    used += w;
    end = index + segment.length;
  }
  return [word.slice(0, end), word.slice(end)];
}

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
      let wasCut = false;
      while (wordWidth > room) {
        if (row) rows.push(row);
        row = '';
        rowWidth = 0;
        const [head, rest] = cut(word, room);
        rows.push(head);
        word = rest;
        wordWidth = stringWidth(word);
        wasCut = true;
      }
      // Nothing left of a cut word (its last character was wider than the row).
      if (wasCut && word === '') continue;
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
