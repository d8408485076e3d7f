// Walks every screen of the wizard with the keyboard, through ink-testing-library.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { prepareTemplate } from '../../src/template/index.js';
import { listStarters } from '../../src/init/starters.js';
import { registryCatalog } from '../../src/init/catalog.js';
import { KEYS, start, until } from './harness.js';

const { enter, escape, down, up, space, backspace, tab, ctrlC, home, end } = KEYS;
const noEnv = { vars: [], varFiles: [], env: {} };

describe('pack init wizard', () => {
  it('writes a valid template when Enter is pressed throughout', async () => {
    const w = await start();
    expect(w.frame()).toContain('How do you want to start?');
    expect(w.frame()).toContain('Ctrl-C');
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    expect(w.frame()).toMatch(/null.*\[runs here\]/);
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('How does pack talk to the null machine?'));
    expect(w.frame()).toMatch(/❯ ssh.*builder's default/); // the cursor starts on the builder's default
    await w.press(down, enter); // none
    await until(() => expect(w.frame()).toContain('Provisioners'));
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Post-processors'));
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Turn values into variables'));
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('pack validate agrees'));
    expect(w.frame()).toContain('type: "null"');
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Write it to which file?'));
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Wrote'));
    await w.press(enter);
    expect(w.state.result?.written).toBe(join(w.dir, 'template.yaml'));
    expect(w.state.result?.next).toBeUndefined();
    expect(parse(readFileSync(join(w.dir, 'template.yaml'), 'utf8'))).toEqual({ builders: [{ type: 'null', communicator: 'none' }] });
    await prepareTemplate(join(w.dir, 'template.yaml'), noEnv);
  });

  it('chooses, types fast and pasted, shows an invalid answer inline, goes back with Esc keeping answers', async () => {
    const w = await start();
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    // Both builders: null (focused) and file.
    await w.press(space, 'j', space);
    expect(w.frame()).toMatch(/◉ null/);
    expect(w.frame()).toMatch(/◉ file/);
    await w.press(enter);
    // file comes after null; null has no questions: its communicator first.
    await until(() => expect(w.frame()).toContain('How does pack talk to the null machine?'));
    await w.press(enter); // ssh, the builder's default, where the cursor starts
    await until(() => expect(w.frame()).toContain('Settings of the communicator ssh'));
    expect(w.frame()).toContain('ssh_host');
    // Focus is on Continue (ssh has no required fields); Continue refuses: ssh_username is needed.
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('ssh_username must be specified'));
    // Go to ssh_host (the first row) and paste a value with its Enter in one chunk.
    await w.press(KEYS.shiftTab, home);
    await w.press(enter, '127.0.0.1\r');
    await until(() => expect(w.frame()).toMatch(/ssh_host: 127\.0\.0\.1/));
    // Now ssh_port: an invalid answer is shown as you type and refused on Enter.
    await w.press(enter, backspace + backspace + 'abc');
    await until(() => expect(w.frame()).toContain('"abc" is not a number'));
    await w.press(enter);
    expect(w.frame()).toContain('✗ "abc" is not a number');
    await w.press(backspace, backspace, backspace, '2222', enter);
    await until(() => expect(w.frame()).toMatch(/ssh_port: 2222/));
    // ssh_username, typed one key at a time but quickly (every key in the same tick).
    await w.burst(enter, 'r', 'o', 'o', 't', enter);
    await until(() => expect(w.frame()).toMatch(/ssh_username: root/));
    // Shift-Tab while editing accepts the value and goes to the field above.
    await w.press(KEYS.shiftTab, KEYS.shiftTab, enter, backspace.repeat(4), '22', KEYS.shiftTab);
    await until(() => expect(w.frame()).toMatch(/ssh_port: 22\b/));
    expect(w.frame()).toMatch(/❯ ssh_host/);
    await w.press(tab, tab, tab);
    // ? explains the focused field from its schema.
    await w.press('?');
    expect(w.frame()).toContain('Password to log in with');
    await w.press('?');
    // A key file that does not exist: the schema's own rule shows under the field as you type.
    await w.press(down, enter, 'no-such-key');
    await until(() => expect(w.frame()).toContain('⚠ ssh_private_key_file is invalid: no-such-key: no such file'));
    await w.press(escape);
    await until(() => expect(w.frame()).not.toContain('no-such-key'));
    expect(w.state.answers.builders[0].communicator.texts.ssh_private_key_file).toBeUndefined();
    // Esc goes back to the communicator choice, then to the builders; the answers stay.
    await w.press(escape);
    await until(() => expect(w.frame()).toContain('How does pack talk to the null machine?'));
    await w.press(escape);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    expect(w.frame()).toMatch(/◉ file/);
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('How does pack talk to the null machine?'));
    await w.press(enter);
    await until(() => expect(w.frame()).toMatch(/ssh_host: 127\.0\.0\.1/));
    expect(w.frame()).toMatch(/ssh_username: root/);
    // Continue: then the file builder's form, focused on its required target.
    await w.press(end);
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Settings of the builder file'));
    await w.press(enter, 'out/hello.txt', enter);
    await until(() => expect(w.frame()).toMatch(/target\*: out\/hello\.txt/));
    expect(w.state.answers.builders.map((b) => b.type)).toEqual(['null', 'file']);
    expect(w.state.answers.builders[0].communicator.texts).toMatchObject({ ssh_host: '127.0.0.1', ssh_port: '22', ssh_username: 'root' });
  });

  it("edits a field with the shell's keys: Ctrl-W a word, Ctrl-U and Ctrl-K to the line's ends, Ctrl-A and Ctrl-E", async () => {
    const w = await start();
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    await w.press(enter, enter);
    await until(() => expect(w.frame()).toContain('Settings of the communicator ssh'));
    await w.press(home, enter);
    // Each key alone (a terminal sends Ctrl-X as one control character), then the same in one pasted chunk.
    await w.press('old value', '\x17', 'host', '\x01', 'my', '\x05', '.lan');
    await w.press(enter);
    await until(() => expect(w.frame()).toMatch(/ssh_host: myold host\.lan/));
    // Accepting moved the cursor to the next field: back up to ssh_host.
    await w.press(up, enter, '\x15', 'a.b', '\x01', '\x0b', '10.0.0.1\r');
    await until(() => expect(w.frame()).toMatch(/ssh_host: 10\.0\.0\.1\s/));
    await w.press(up, enter, '\x15new\x01x\x05y\x17z\r');
    await until(() => expect(w.frame()).toMatch(/ssh_host: z\s/));
  });

  it('numbers its screens counting up, shows the review in the chosen format, and f switches it', async () => {
    const w = await start();
    expect(w.frame()).toContain('pack init · 1 · How do you want to start?');
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('pack init · 2 · Which builders?'));
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('pack init · 3 · How does pack talk'));
    await w.press(down, enter);
    await until(() => expect(w.frame()).toContain('pack init · 4 · Provisioners'));
    await w.press(enter, enter);
    await until(() => expect(w.frame()).toContain('pack init · 6 · Turn values into variables'));
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('pack init · 7 · Review (YAML, as template.yaml will hold it)'));
    await w.press('f');
    await until(() => expect(w.frame()).toContain('Review (Packer JSON, as template.json will hold it)'));
    expect(w.frame()).toContain('"builders": [');
    await w.press('f');
    await until(() => expect(w.frame()).toContain('Review (HCL2, as template.pkr.hcl will hold it)'));
    expect(w.frame()).toContain('source "null"');
    await w.press('f', enter);
    await until(() => expect(w.frame()).toContain('Write it to which file?'));
    expect(w.frame()).toContain('template.yaml');
  });

  it('adds, edits (multi-line), reorders and deletes provisioners; chains post-processors; makes variables', async () => {
    const w = await start();
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    await w.press(enter, down, enter);
    await until(() => expect(w.frame()).toContain('Provisioners'));
    // Add shell-local: its inline is proposed; add a second line in the multi-line editor.
    await w.press('a');
    await until(() => expect(w.frame()).toContain('Which provisioner?'));
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Settings of the provisioner shell-local'));
    await w.press(home);
    await w.press(enter);
    await w.press(backspace.repeat(40), 'echo one\recho two', tab);
    await until(() => expect(w.frame()).toMatch(/inline: echo one ⏎ echo two/));
    await w.press(end);
    await w.press(enter);
    await until(() => expect(w.frame()).toMatch(/1\. shell-local/));
    // Add breakpoint, move it up, then delete the shell-local one... and add it back.
    await w.press('a', down, enter);
    await until(() => expect(w.frame()).toContain('Settings of the provisioner breakpoint'));
    await w.press(end);
    await w.press(enter);
    await until(() => expect(w.frame()).toMatch(/2\. breakpoint/));
    await w.press('K');
    await until(() => expect(w.frame()).toMatch(/1\. breakpoint/));
    expect(w.frame()).toMatch(/2\. shell-local/);
    await w.press(down, 'd');
    await until(() => expect(w.frame()).not.toContain('shell-local'));
    expect(w.state.answers.provisioners.map((p) => p.type)).toEqual(['breakpoint']);
    // Continue to post-processors: checksum, then compress chained to it, then manifest alone.
    await w.press(end);
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Post-processors'));
    for (const steps of [1, 2, 0]) {
      await w.press('a');
      await until(() => expect(w.frame()).toContain('Which post-processor?'));
      for (let i = 0; i < steps; i++) await w.press(down);
      await w.press(enter);
      await until(() => expect(w.frame()).toContain('Settings of the post-processor'));
      await w.press(end);
      await w.press(enter);
      await until(() => expect(w.frame()).toContain('Post-processors'));
    }
    // The list is checksum, compress, manifest: chain compress to checksum.
    await w.press(home);
    await w.press(down, 'c');
    await until(() => expect(w.frame()).toMatch(/└▸ compress/));
    await w.press(end);
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Turn values into variables'));
    // Nothing was given a value of its own: no untouched default is offered (only Continue).
    expect(w.frame()).not.toContain('output');
    expect(w.frame()).toMatch(/❯ +Continue/);
    await w.press(end);
    await w.press(enter);
    // A null build hands checksum no files: a problem, not "valid"; Enter twice writes it anyway.
    await until(() => expect(w.frame()).toContain('checksum takes files'));
    expect(w.frame()).not.toContain('pack validate agrees');
    await w.press(enter, enter);
    await until(() => expect(w.frame()).toContain('Write it to which file?'));
    await w.press(backspace.repeat(13), 'out.json', enter);
    await until(() => expect(w.frame()).toContain('Wrote'));
    await w.press('q');
    const doc = JSON.parse(readFileSync(join(w.dir, 'out.json'), 'utf8'));
    expect(doc.provisioners).toEqual([{ type: 'breakpoint' }]);
    expect(doc['post-processors'].map((p: unknown) => (Array.isArray(p) ? p.map((x) => x.type) : (p as { type: string }).type)))
      .toEqual([['checksum', 'compress'], 'manifest']);
    await prepareTemplate(join(w.dir, 'out.json'), noEnv);
  });

  it('an Enter on the review before the validator answered waits for it: a problem only it finds is shown, not written', async () => {
    const w = await start();
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('How does pack talk'));
    await w.press(down, enter);
    await until(() => expect(w.frame()).toContain('Provisioners'));
    await w.press('a');
    await until(() => expect(w.frame()).toContain('Which provisioner?'));
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Settings of the provisioner shell-local'));
    // inline: a Go template the schemas accept and the validator refuses.
    await w.press(home, enter, '\x15', 'echo {{ broken', tab);
    await until(() => expect(w.frame()).toContain('inline: echo {{ broken'));
    await w.press(end, enter);
    await until(() => expect(w.frame()).toContain('Provisioners'));
    await w.press(end, enter);
    await until(() => expect(w.frame()).toContain('Post-processors'));
    await w.press(end, enter);
    await until(() => expect(w.frame()).toContain('Turn values into variables'));
    // Continue, then Enter on the review in the same tick: before the validator can answer.
    await w.burst(end, enter, enter);
    await until(() => expect(w.frame()).toContain('unclosed action'));
    expect(w.frame()).not.toContain('Write it to which file?');
    expect(w.frame()).toContain('not valid yet');
  });

  it('shows the validator verdict on a template that is not valid', async () => {
    const w0 = await start();
    const starter = join(w0.dir, 'broken.yaml');
    writeFileSync(starter, [
      'description: a starter with a missing script',
      'builders:',
      '  - type: "null"',
      '    communicator: none',
      'provisioners:',
      '  - type: shell-local',
      '    script: missing-script.sh',
      '',
    ].join('\n'));
    const w = await start([{ name: 'broken', file: starter, description: 'a starter with a missing script' }]);
    expect(w.frame()).toContain('Starter: broken');
    await w.press(down, enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    expect(w.frame()).toMatch(/◉ null/);
    await w.press(enter, enter);
    await until(() => expect(w.frame()).toContain('Provisioners'));
    expect(w.frame()).toContain('script: missing-script.sh');
    await w.press(enter, enter, enter);
    await until(() => expect(w.frame()).toContain('Review'));
    // The schemas' check shows at once; the template validator's verdict (positions in the file to write) replaces it.
    await until(() => expect(w.frame()).toMatch(/✗ 1 problem:\s+\* template\.yaml:\d+:\d+: .*missing-script\.sh/));
    expect(w.frame()).not.toContain('Checking with the template validator');
    await w.press(enter);
    expect(w.frame()).toContain('not valid yet');
    await w.press(escape);
    await until(() => expect(w.frame()).toContain('Turn values into variables'));
    expect(readdirSync(w.dir)).toEqual([]);
  });

  it('asks before overwriting a file', async () => {
    const w = await start();
    writeFileSync(join(w.dir, 'template.yaml'), 'mine\n');
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    await w.press(enter, down, enter, enter, enter, enter);
    await until(() => expect(w.frame()).toContain('pack validate agrees'));
    await w.press(enter, enter);
    await until(() => expect(w.frame()).toContain('already exists. Overwrite it?'));
    await w.press('n');
    await until(() => expect(w.frame()).toContain('Write it to which file?'));
    expect(readFileSync(join(w.dir, 'template.yaml'), 'utf8')).toBe('mine\n');
    // A folder is no file to overwrite: said at once, nothing asked.
    await w.press('\x15', '.', enter);
    await until(() => expect(w.frame()).toContain('is a folder: give a file name'));
    expect(w.frame()).not.toContain('Overwrite it?');
    await w.press('\x15', 'template.yaml');
    await w.press(enter, 'y');
    await until(() => expect(w.frame()).toContain('Wrote'));
    expect(readFileSync(join(w.dir, 'template.yaml'), 'utf8')).toContain('communicator: none');
    await w.press('b');
    expect(w.state.result).toEqual({ written: join(w.dir, 'template.yaml'), next: 'build' });
  });

  it('folds the advanced fields and scrolls a form taller than the terminal', async () => {
    const w = await start();
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    await w.press(enter, up, enter);
    await until(() => expect(w.frame()).toContain('Settings of the communicator ssh'));
    expect(w.frame()).toContain('▸ advanced');
    expect(w.frame()).not.toContain('ssh_bastion_host');
    await w.press(end, up, space);
    await until(() => expect(w.frame()).toContain('▾ advanced'));
    expect(w.frame()).toMatch(/↓ \d+ more/);
    expect(w.frame().split('\n').length).toBeLessThanOrEqual(40);
    await w.press(end);
    await until(() => expect(w.frame()).toMatch(/❯ Continue/));
    expect(w.frame()).toMatch(/↑ \d+ more/);
    expect(w.frame()).toContain('ssh_local_tunnels');
  });

  for (const starter of listStarters().map((s) => s.name)) {
    it(`starts from the ${starter} starter and, Enter throughout, writes the same template`, async () => {
      const starters = listStarters();
      const index = starters.findIndex((s) => s.name === starter);
      expect(index).toBeGreaterThanOrEqual(0);
      const w = await start(starters, registryCatalog());
      await w.press(...Array(index + 1).fill(down));
      for (let i = 0; i < 30 && !w.frame().includes('Wrote'); i++) {
        const before = w.frame();
        if (before.includes('· Review')) await until(() => expect(w.frame()).toContain('pack validate agrees'));
        await w.press(enter);
        await until(() => expect(w.frame()).not.toBe(before));
      }
      await w.press(enter);
      const written = parse(readFileSync(join(w.dir, 'template.yaml'), 'utf8'));
      const original = parse(readFileSync(starters[index].file, 'utf8'));
      expect(written).toEqual(original);
    });
  }

  it('leaves on Ctrl-C and writes nothing', async () => {
    const w = await start();
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    await w.press(enter, down, enter);
    await until(() => expect(w.frame()).toContain('Provisioners'));
    await w.press(ctrlC);
    expect(w.state.result).toEqual({ cancelled: true });
    expect(readdirSync(w.dir)).toEqual([]);
  });
});

describe('review screen content', () => {
  it('never shows nor writes the values of sensitive variables (the template requires them)', async () => {
    const { WizardState } = await import('../../src/ui/wizard/state.js');
    const { review } = await import('../../src/ui/wizard/controller.js');
    const { newBuilder, newCommunicator } = await import('../../src/init/answers.js');
    const { testCatalog } = await import('./harness.js');
    const catalog = testCatalog();
    const state = new WizardState(catalog, [], 'template.yaml', '/tmp');
    const b = newBuilder(catalog, 'null', '/tmp');
    b.communicator = newCommunicator(catalog, 'ssh', '/tmp');
    Object.assign(b.communicator.texts, { ssh_host: 'h', ssh_username: 'u', ssh_password: 'hunter2' });
    b.communicator.vars.ssh_password = { name: 'ssh_password', sensitive: true };
    state.answers.builders.push(b);
    const r = review(state);
    expect(r.yaml).toContain('ssh_password: null');
    expect(r.yaml).not.toContain('hunter2');
    expect(r.problems).toEqual([]);
  });
});
