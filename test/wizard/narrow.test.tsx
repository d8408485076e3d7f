// The wizard on a small terminal, and a terminal resized mid-walk: every frame must fit (a frame as tall as the
// terminal makes Ink clear the whole screen, scrollback included), titles and problems must wrap readably.
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEYS, start, until } from './harness.js';
import { PAGE } from '../../src/ui/wizard/cursor.js';
import { registryCatalog, sortedBuilders } from '../../src/init/catalog.js';
import stringWidth from 'string-width';

const { enter, down, space } = KEYS;

/** Gives ink-testing-library's stdout a size and tells the app, as a terminal's SIGWINCH does. */
function resize(w: Awaited<ReturnType<typeof start>>, columns: number, rows: number) {
  Object.defineProperty(w.r.stdout, 'columns', { configurable: true, get: () => columns });
  Object.defineProperty(w.r.stdout, 'rows', { configurable: true, get: () => rows });
  w.r.stdout.emit('resize');
}

/**
 * Every screen of a walk from the start to the variables, with an ssh form left incomplete on the way (its
 * notice says what is missing) and one provisioner added: `step` checks a screen and presses on.
 */
async function walkEveryScreen(
  w: Awaited<ReturnType<typeof start>>,
  step: (text: string, ...keys: string[]) => Promise<void>,
  fits: (where: string) => void,
): Promise<void> {
  await step('How do you want to start?', enter);
  await step('Which builders?', enter);
  await step('How does pack talk', enter);
  // Continue with nothing given: the form's notice says what is missing.
  await step('Settings of the communicator ssh', KEYS.end, enter);
  await until(() => expect(w.frame()).toContain('must be specified'));
  await w.press(KEYS.up, '?');
  fits('ssh form with a notice');
  await w.press('?', KEYS.escape);
  await step('How does pack talk', down, enter);
  await step('Provisioners', 'a');
  await step('Which provisioner?', enter);
  await step('Settings of the provisioner', KEYS.end, enter);
  await step('Provisioners', KEYS.end, enter);
  await step('Post-processors', KEYS.end, enter);
  await step('Turn values into variables', KEYS.end, enter);
}

/** A starter whose provisioners all name missing scripts: one problem each. */
function brokenStarter(dir: string, count: number, scriptName = (i: number) => `a-script-that-is-not-there-with-a-rather-long-name-${i}.sh`) {
  const file = join(dir, 'broken.yaml');
  const provisioners = Array.from({ length: count }, (_, i) => `  - type: shell-local\n    script: ${scriptName(i)}\n`);
  writeFileSync(file, ['description: broken', 'builders:', '  - type: "null"', '    communicator: none', 'provisioners:', ...provisioners].join('\n'));
  return { name: 'broken', file, description: 'broken' };
}

/**
 * A wizard started from a broken starter of `count` provisioners (at `size` from the start, if given), walked
 * to its review once the template validator has listed the problems.
 */
async function reviewOfBrokenStarter(count: number, scriptName?: (i: number) => string, size?: [number, number]) {
  const w0 = await start();
  const w = await start([brokenStarter(w0.dir, count, scriptName)]);
  if (size) resize(w, ...size);
  await w.press(down, enter);
  await until(() => expect(w.frame()).toContain('Which builders?'));
  await w.press(enter, enter);
  await until(() => expect(w.frame()).toContain('Provisioners'));
  await w.press(enter, enter, enter);
  await until(() => expect(w.frame()).toMatch(new RegExp(`✗ ${count} problems`)));
  await until(() => expect(w.frame()).not.toContain('Checking with the template validator'));
  return w;
}

describe('wizard on a small terminal', () => {
  it('fits the review with many long problems into 60x20, after a resize mid-walk, with hanging indents', async () => {
    const w = await reviewOfBrokenStarter(9);
    resize(w, 60, 20);
    await until(() => {
      const lines = w.frame().split('\n');
      // Ink leaves the cursor on the line after the frame: the frame gets at most rows - 1.
      expect(lines.length).toBeLessThan(20);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(60);
      // Ink redraws the old screen (capped to the new height) before the resized one: wait for the latter.
      expect(w.frame()).toMatch(/… and \d+ more/);
    });
    const f = w.frame();
    expect(f).toMatch(/^pack init · \d+ · Review/);
    // A wrapped problem continues under its text (column 4), never at the left edge.
    const lines = f.split('\n');
    const first = lines.findIndex((l) => l.startsWith('  * '));
    expect(lines[first + 1]).toMatch(/^ {4}\S/);
    // No empty row inside the problems, no row starting with a space left over from a break.
    const problemRows = lines.slice(lines.findIndex((l) => l.startsWith('✗')), lines.findIndex((l) => l.includes('… and')));
    for (const l of problemRows) expect(l).toMatch(/^(✗|  \* \S| {4}\S)/);
    expect(f).toContain('Esc back');
  });

  it('measures wide text (CJK, emoji) in terminal columns: problems naming such files still fit 60x20 with hanging indents', async () => {
    // Two columns a character: measured by code points these rows were twice as wide as the terminal.
    const w = await reviewOfBrokenStarter(6, (i) => `見つからないスクリプトの長い名前です ${i} 🚀🚀 設定.sh`);
    resize(w, 60, 20);
    // The resize redraws the old screen capped at once, then the screen sized for 60x20: wait for the second.
    await until(() => {
      const lines = w.frame().split('\n');
      expect(lines.length).toBeLessThan(20);
      for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(60);
      expect(lines.find((l) => l.startsWith('✗'))).toBeDefined();
    });
    const lines = w.frame().split('\n');
    const problemRows = lines.slice(lines.findIndex((l) => l.startsWith('✗')), lines.findIndex((l) => l.includes('… and')));
    expect(problemRows.join('\n')).toContain('見つからない');
    for (const l of problemRows) expect(l).toMatch(/^(✗|  \* \S| {4}\S)/);
  });

  it('fits every screen of a walk into 60x20 with the help shown and a notice up', async () => {
    const w = await start();
    resize(w, 60, 20);
    const fits = (where: string) => {
      const lines = w.frame().split('\n');
      expect(lines.length, `${where}:\n${w.frame()}`).toBeLessThan(20);
      for (const l of lines) expect([...l].length, `${where}: ${l}`).toBeLessThanOrEqual(60);
    };
    const step = async (text: string, ...keys: string[]) => {
      await until(() => expect(w.frame()).toContain(text));
      await w.press('?');
      fits(text);
      await w.press('?', ...keys);
    };
    await walkEveryScreen(w, step, fits);
    await step('Review', enter);
    await until(() => expect(w.frame()).toContain('Write it to which file?'));
    fits('file');
  });

  it('fits every screen of a walk into 50x15 with the help shown and a notice up, title and keys kept', async () => {
    // 15 rows leave the lists a few rows: they scroll, the title and the keys stay (a taller frame makes Ink
    // clear the screen and the scrollback on every redraw, and leaves the shell prompt glued to its last row).
    const w = await start();
    resize(w, 50, 15);
    const fits = (where: string) => {
      const lines = w.frame().split('\n');
      expect(lines.length, `${where}:\n${w.frame()}`).toBeLessThan(15);
      for (const l of lines) expect([...l].length, `${where}: ${l}`).toBeLessThanOrEqual(50);
      expect(lines[0], `${where}:\n${w.frame()}`).toMatch(/^pack init · \d+ · /);
      expect(w.frame(), where).toMatch(/Ctrl-C\s+quit/);
    };
    const step = async (text: string, ...keys: string[]) => {
      await until(() => expect(w.frame()).toContain(text));
      fits(text);
      await w.press('?');
      fits(`${text} (help)`);
      await w.press('?', ...keys);
    };
    await walkEveryScreen(w, step, fits);
    await until(() => expect(w.frame()).toContain('Review'));
    fits('review');
  });

  it('fits the review of a broken template into 50x15 once Enter asked "write it anyway?"', async () => {
    const w = await reviewOfBrokenStarter(3, undefined, [50, 15]);
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('not valid yet'));
    const lines = w.frame().split('\n');
    expect(lines.length, w.frame()).toBeLessThan(15);
    expect(lines[0]).toMatch(/^pack init · \d+ · Review/);
    expect(w.frame()).toMatch(/Ctrl-C\s+quit/);
  });

  it('fits a form into 60x20 while a pasted 300-character value and a wrapped error are shown', async () => {
    const w = await start();
    resize(w, 60, 20);
    const fits = (where: string) => {
      const lines = w.frame().split('\n');
      expect(lines.length, `${where}:\n${w.frame()}`).toBeLessThan(20);
      for (const l of lines) expect([...l].length, `${where}: ${l}`).toBeLessThanOrEqual(60);
    };
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    await w.press(enter, enter);
    await until(() => expect(w.frame()).toContain('Settings of the communicator ssh'));
    await w.press(KEYS.home, enter);
    await w.burst('h'.repeat(300));
    await until(() => expect(w.frame()).toContain('hhhh'));
    fits('pasted host');
    await w.press(KEYS.escape, down, enter, KEYS.backspace, KEYS.backspace, 'twenty-two', enter);
    await until(() => expect(w.frame()).toContain('is not a number'));
    fits('a number field given letters');
    await w.press(KEYS.escape, KEYS.end, enter);
    await until(() => expect(w.frame()).toContain('must be specified'));
    fits('notice');
  });

  it('fits a form into 60x26 while a pasted value of wide characters (two columns each) is edited', async () => {
    const w = await start();
    resize(w, 60, 26);
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    await w.press(enter, enter);
    await until(() => expect(w.frame()).toContain('Settings of the communicator ssh'));
    await w.press(KEYS.home, enter);
    await w.burst('ホスト'.repeat(90));
    await until(() => expect(w.frame()).toContain('ホストホスト'));
    const lines = w.frame().split('\n');
    expect(lines.length, w.frame()).toBeLessThan(26);
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(60);
  });

  it('wraps the title as one text on a narrow terminal (no "pack ini")', async () => {
    const w = await start();
    resize(w, 40, 20);
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which'));
    expect(w.frame().split('\n')[0]).toMatch(/^pack init · 2 · Which builders\?/);
  });

  it('finds a builder by part of its name with "/", ↓ goes to the next match, Esc goes back, Enter keeps it', async () => {
    const w = await start([], registryCatalog());
    w.state.builders = await sortedBuilders(registryCatalog());
    resize(w, 50, 15);
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    const focused = () => w.frame().split('\n').find((l) => l.startsWith('❯'));
    // Typed fast, as a paste: every key lands in the find, none moves the list (j, k) or toggles (space).
    await w.burst('/', 'ebs');
    await until(() => expect(focused()).toMatch(/❯ ◯ amazon-ebs\b/));
    expect(w.frame()).toMatch(/\/ ebs +\d+ matches/);
    await w.press(down);
    await until(() => expect(focused()).toMatch(/❯ ◯ amazon-ebs\w/));
    await w.press(KEYS.escape);
    await until(() => expect(focused()).toMatch(/❯ ◯ null/));
    expect(w.frame()).not.toMatch(/^\/ /m);
    await w.burst('/', 'qem');
    await w.press(enter);
    await until(() => expect(focused()).toMatch(/❯ ◯ qemu/));
    // The find ended: Space toggles the found builder again, Enter goes on with it.
    await w.press(space);
    await until(() => expect(focused()).toMatch(/❯ ◉ qemu/));
    const lines = w.frame().split('\n');
    expect(lines.length).toBeLessThan(15);
  });

  it('moves a page with PgUp/PgDn on long lists', async () => {
    const w = await start([], registryCatalog());
    w.state.builders = await sortedBuilders(registryCatalog());
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    const focused = () => w.frame().split('\n').find((l) => l.startsWith('❯'));
    const top = focused();
    await w.press('\x1b[6~');
    await until(() => expect(focused()).not.toBe(top));
    const s = w.state.screen as { cursor: number };
    expect(s.cursor).toBe(PAGE);
    await w.press('\x1b[5~');
    await until(() => expect(s.cursor).toBe(0));
  });
});

describe('builder order', () => {
  it("lists pack's own builders before those that run through Packer, even when they cannot run here", async () => {
    const list = await sortedBuilders(registryCatalog(), 200);
    const firstPacker = list.findIndex((b) => b.def.runsHere === undefined);
    const docker = list.findIndex((b) => b.def.type === 'docker');
    expect(docker).toBeGreaterThanOrEqual(0);
    expect(docker).toBeLessThan(firstPacker);
  });
});

describe('wordWrap', () => {
  it('breaks at spaces without starting a row with one, and cuts a word longer than a row', async () => {
    const { wordWrap } = await import('../../src/ui/wizard/views.js');
    const text = 'provisioners[0]: shell needs a communicator, and build "qemu" has none: give it a communicator';
    const rows = wordWrap(text, 76);
    expect(rows).toEqual(['provisioners[0]: shell needs a communicator, and build "qemu" has none: give', 'it a communicator']);
    expect(wordWrap('abcdefghij kl', 4)).toEqual(['abcd', 'efgh', 'ij', 'kl']);
    expect(wordWrap('one\ntwo three', 5)).toEqual(['one', 'two', 'three']);
    expect(wordWrap('  Note: some words', 10)).toEqual(['  Note:', '  some', '  words']);
  });
  it('counts terminal columns: a CJK character or an emoji takes two, a joined emoji is never cut apart', async () => {
    const { wordWrap } = await import('../../src/ui/wizard/views.js');
    expect(wordWrap('日本語のテキスト です', 10)).toEqual(['日本語のテ', 'キスト', 'です']);
    expect(wordWrap('🚀🚀🚀 go', 3)).toEqual(['🚀', '🚀', '🚀', 'go']);
    expect(wordWrap('👩‍💻👩‍💻 ok', 4)).toEqual(['👩‍💻👩‍💻', 'ok']);
    // A character wider than the row still gets a row of its own (and the wrap ends).
    expect(wordWrap('日本', 1)).toEqual(['日', '本']);
    expect(wordWrap('  名前 は', 6)).toEqual(['  名前', '  は']);
    for (const row of wordWrap('パッカーのテンプレート 🚀 を書きます。長い行はここで折り返されます', 12)) expect(stringWidth(row)).toBeLessThanOrEqual(12);
  });
});

describe('footer rows', () => {
  it('never parts a key from its action, and every row fits', async () => {
    const { footerRows } = await import('../../src/ui/components/KeyFooter.js');
    const keys = [['↑↓/jk/Tab', 'move'], ['Enter', 'edit'], ['Space', 'toggle'], ['?', 'explain'], ['Esc', 'back'], ['Ctrl-C', 'quit, write nothing']] as const;
    const rows = footerRows(keys, 60);
    expect(rows.flat()).toEqual(keys);
    for (const r of rows) expect(r.map(([k, a]) => `${k} ${a}`).join(' · ').length).toBeLessThanOrEqual(60);
    expect(rows.length).toBe(2);
  });
});
