import { describe, expect, it } from 'vitest';
import { LogRing } from '../../src/ui/dashboard/log-ring.js';
import { scrollBy, scrollHome, toggleFollow, visibleLines } from '../../src/ui/dashboard/viewport.js';
import { fit, formatBytes, formatClock, formatDuration, sanitizeLine } from '../../src/ui/dashboard/format.js';
import { lineColor, paneRows, wrapRows } from '../../src/ui/dashboard/components/LogPane.js';
import stringWidth from 'string-width';
import { promptTitle } from '../../src/ui/dashboard/components/PromptBox.js';
import { computeLayout } from '../../src/ui/dashboard/layout.js';
import fc from 'fast-check';

function ring(n: number, capacity = 100): LogRing {
  const r = new LogRing(capacity);
  for (let i = 0; i < n; i++) r.push({ text: `l${i}`, level: 'message' });
  return r;
}

describe('log ring', () => {
  it('keeps the newest lines in order with growing sequence numbers', () => {
    const r = ring(250, 100);
    const lines = r.lines();
    expect(lines).toHaveLength(100);
    expect(lines[0]).toMatchObject({ text: 'l150', seq: 150 });
    expect(lines[99]).toMatchObject({ text: 'l249', seq: 249 });
    expect(r.total).toBe(250);
    expect(r.lines((l) => l.text.endsWith('7')).map((l) => l.text)).toEqual(
      ['l157', 'l167', 'l177', 'l187', 'l197', 'l207', 'l217', 'l227', 'l237', 'l247'],
    );
  });
});

describe('viewport', () => {
  const lines = ring(50).lines();
  const texts = (s: Parameters<typeof visibleLines>[2]) => visibleLines(lines, 10, s).shown.map((l) => l.text);

  it('follows the end, scrolls by pages, clamps at the top, and follows again at the bottom', () => {
    expect(texts({ follow: true })).toEqual(lines.slice(40).map((l) => l.text));
    let s = scrollBy(lines, 10, { follow: true }, -9);
    expect(s.follow).toBe(false);
    expect(texts(s)[9]).toBe('l40');
    s = scrollBy(lines, 10, s, -1000);
    expect(texts(s)[0]).toBe('l0');
    expect(visibleLines(lines, 10, scrollHome(lines, 10)).shown).toEqual(visibleLines(lines, 10, s).shown);
    s = scrollBy(lines, 10, s, 1000);
    expect(s).toEqual({ follow: true });
  });

  it('stays on the same lines when new ones arrive while paused, and when old ones drop off', () => {
    const paused = toggleFollow(lines, { follow: true });
    const more = ring(80).lines();
    expect(visibleLines(more, 10, paused).shown.map((l) => l.text)).toEqual(lines.slice(40).map((l) => l.text));
    expect(visibleLines(more, 10, paused).below).toBe(30);
    // Anchor dropped off a ring that moved on: show the oldest page instead of an empty pane.
    const moved = ring(300).lines();
    expect(visibleLines(moved, 10, paused).shown.map((l) => l.text)[0]).toBe('l200');
  });
});

describe('formatting', () => {
  it('formats durations, clocks and sizes', () => {
    expect(formatDuration(351)).toBe('351ms');
    expect(formatDuration(2415)).toBe('2.4s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
  });

  it('keeps one row per text: newlines folded, cut with an ellipsis', () => {
    expect(fit('a\nb\r\nc', 10)).toBe('a b c');
    expect(fit('abcdefghij', 5)).toBe('abcd…');
  });

  it('removes escape sequences and control characters from command output', () => {
    expect(sanitizeLine('\x1b[1;31mred\x1b[0m\x1b]0;title\x07\tx\b')).toBe('red    x');
  });

  it('colours stderr and error lines red', () => {
    expect(lineColor({ seq: 0, text: '', level: 'message', stream: 'stderr' })).toBe('red');
    expect(lineColor({ seq: 0, text: '', level: 'error' })).toBe('red');
    expect(lineColor({ seq: 0, text: '', level: 'message', stream: 'stdout' })).toBeUndefined();
  });

  it('drops prompt lines that only list the choices', () => {
    const choices = [{ key: 'c' }, { key: 'a' }, { key: 'r' }];
    expect(promptTitle('Step "x" failed\n[c] Clean up, [a] abort, or [r] retry?', choices)).toBe('Step "x" failed');
    expect(promptTitle('Paused.\nLook at /tmp/x first.', choices)).toBe('Paused. Look at /tmp/x first.');
  });
});

describe('layout', () => {
  it('fits 80x24 with two builds side by side', () => {
    const l = computeLayout({ columns: 80, rows: 24, buildCount: 2, stepCounts: () => [5, 4], transfers: 1, prompt: true, notice: false });
    expect(l).toMatchObject({ width: 79, height: 23, sideBySide: true, columnWidth: 38, stepsHeight: 5 });
    expect(1 + 1 + l.stepsHeight + 1 + 2 + 1 + l.logHeight + 1).toBe(23);
  });

  it('never makes a frame taller than the terminal or rows wider than it (20+ rows)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: 21, max: 400 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 2 }),
        fc.boolean(),
        fc.boolean(),
        (rows, columns, buildCount, steps, transfers, prompt, notice) => {
          const l = computeLayout({ columns, rows, buildCount, stepCounts: () => steps, transfers, prompt, notice });
          const used = 1 + 1 + l.stepsHeight + transfers + (prompt ? 2 : 0) + (notice ? 1 : 0) + 1 + l.logHeight + 1;
          expect(used).toBeLessThanOrEqual(rows - 1);
          expect(l.logHeight).toBeGreaterThanOrEqual(3);
          expect(l.width).toBeLessThan(columns);
          if (l.sideBySide) expect((l.columnWidth + 1) * buildCount).toBeLessThanOrEqual(l.width);
        },
      ),
    );
  });
});

describe('log pane rows', () => {
  it('cuts ASCII text every width characters', () => {
    expect(wrapRows('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapRows('abc', 4)).toEqual(['abc']);
  });

  it('measures wide text in terminal columns: a CJK character or an emoji takes two, a joined emoji stays whole', () => {
    expect(wrapRows('漢字漢字漢字', 5)).toEqual(['漢字', '漢字', '漢字']);
    expect(wrapRows('ok 👍🏽👍🏽 done', 6)).toEqual(['ok 👍🏽', '👍🏽 don', 'e']);
    expect(wrapRows('👨‍👩‍👧👨‍👩‍👧', 2)).toEqual(['👨‍👩‍👧', '👨‍👩‍👧']);
    // A character wider than the row still takes a row of its own.
    expect(wrapRows('漢a', 1)).toEqual(['漢', 'a']);
  });

  it('never gives a row wider than the pane, and loses nothing', () => {
    const pieces = fc.constantFrom('a', ' ', 'é', '漢', 'ｱ', '👍', '👍🏽', '한', '-');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), fc.integer({ min: 2, max: 30 }), (parts, width) => {
        const text = parts.join('');
        const rows = wrapRows(text, width);
        expect(rows.join('')).toBe(text);
        for (const r of rows) expect(stringWidth(r)).toBeLessThanOrEqual(width);
      }),
    );
  });

  it('cuts a wide line into pane rows no wider than the pane', () => {
    const line = { seq: 1, text: '中文日志'.repeat(20), level: 'message' as const, stream: 'stdout' as const };
    const rows = paneRows([line], 20, 100, {});
    for (const r of rows) expect(stringWidth(r.text)).toBeLessThanOrEqual(20);
    // 4 columns of mark, then 160 columns of text: 164 columns in rows of 20 (a wide character never split).
    expect(rows.length).toBe(9);
  });
});
