// Which fields the variables screen offers: never one a valid template cannot hold as a variable (Packer reads
// only/except and the other common options before it interpolates; a JSON variable is a string, not a list).
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEYS, start, until } from './harness.js';

const { enter, down, end, space, backspace } = KEYS;
describe('variables screen', () => {
  it('offers no only/except or list field, and a number or boolean variable gives a valid JSON template', async () => {
    const w0 = await start();
    const file = join(w0.dir, 'ssh.yaml');
    writeFileSync(file, [
      'description: ssh', 'builders:', '  - type: "null"', '    ssh_host: 127.0.0.1', '    ssh_username: me',
      '    ssh_password: pw', '    ssh_port: 2222', '    ssh_pty: true',
      'provisioners:', '  - type: shell-local', '    inline: [echo hi]', '    only: ["null"]', '',
    ].join('\n'));
    const w = await start([{ name: 'ssh', file, description: 'ssh' }]);
    await w.press(down, enter);
    await until(() => expect(w.frame()).toContain('Which builders?'));
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('How does pack talk'));
    await w.press(enter);
    for (const screen of ['Settings of the communicator ssh', 'Provisioners', 'Post-processors']) {
      await until(() => expect(w.frame()).toContain(screen));
      await w.press(end, enter);
    }
    await until(() => expect(w.frame()).toContain('Turn values into variables'));
    const f = w.frame();
    expect(f).toContain('ssh_port');
    expect(f).not.toMatch(/· only\b/);
    expect(f).not.toMatch(/· inline\b/);
    // ssh_port and ssh_pty become variables.
    const rows = f.split('\n');
    const first = rows.findIndex((l) => /^[❯ ] [◯◉]/.test(l));
    const port = rows.findIndex((l) => l.includes('· ssh_port'));
    const pty = rows.findIndex((l) => l.includes('· ssh_pty'));
    await w.press(KEYS.home, ...Array(port - first).fill(down), space, ...Array(pty - port).fill(down), space);
    await until(() => expect(w.frame()).toContain('[variable ssh_pty]'));
    expect(w.frame()).toContain('[variable ssh_port]');
    await w.press(end, enter);
    await until(() => expect(w.frame()).toContain('pack validate agrees'), 15_000);
    await w.press(enter);
    await until(() => expect(w.frame()).toContain('Write it to which file?'));
    await w.press(backspace.repeat(20), 'out.json', enter);
    await until(() => expect(w.frame()).toContain('Wrote'));
    const doc = JSON.parse(readFileSync(join(w.dir, 'out.json'), 'utf8'));
    expect(doc.variables).toEqual({ ssh_port: '2222', ssh_pty: 'true' });
    expect(doc.builders[0].ssh_port).toBe('{{user `ssh_port`}}');
    expect(doc.provisioners[0].only).toEqual(['null']);
  });
});
