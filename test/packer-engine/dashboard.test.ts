// The dashboard (in a real terminal: tmux) shows a build that runs through Packer like a native one:
// its steps with durations, its log pane, its summary. A null builder over SSH (OpenSSH on loopback)
// with puppet-masterless runs through Debian's Packer 1.6.6 beside a native build. Needs `npm run build`.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TmuxTerminal } from '../dashboard/tmux.js';
import { startSshd, requireTool, type SshServer } from '../helpers/sshd.js';

let server: SshServer;
let dir: string;
let term: TmuxTerminal | undefined;

beforeAll(async () => {
  requireTool('/usr/bin/packer', 'packer');
  requireTool('/usr/bin/puppet', 'puppet');
  server = await startSshd();
  dir = mkdtempSync(join(tmpdir(), 'pack-packer-dash-'));
});
afterAll(async () => {
  term?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("the Packer build's steps with durations, its log pane and the summary, beside a native build", async () => {
  writeFileSync(join(dir, 'site.pp'), 'notify { "hello from puppet": }\n');
  writeFileSync(
    join(dir, 'mixed.json'),
    JSON.stringify({
      builders: [
        { type: 'null', name: 'srv', communicator: 'ssh', ssh_host: '127.0.0.1', ssh_port: server.port, ssh_username: server.user, ssh_private_key_file: server.privateKeyPath },
        { type: 'null', name: 'local', communicator: 'none' },
      ],
      provisioners: [
        { type: 'shell-local', inline: ['echo "hello from $PACKER_BUILD_NAME"'] },
        { type: 'puppet-masterless', manifest_file: join(dir, 'site.pp'), prevent_sudo: true, only: ['srv'] },
      ],
    }),
  );
  term = new TmuxTerminal(dir, 140, 40);
  term.run(`node ${resolve('bin/pack')} build -log-dir logs mixed.json; echo EXIT=$?`);
  // While puppet runs: Packer's builder steps done with their durations, the provisioners named as pack names them.
  const live = await term.waitFor(/Provisioning with Puppet/, 60_000);
  expect(live).toMatch(/1:srv.*2:local/);
  expect(live).toMatch(/✔ Connected to SSH!\s+\d+(ms|\.\ds)/);
  expect(live).toMatch(/✔ shell-local: inline: 1 command\s+\d+(ms|\.\ds)/);
  expect(live).toContain('puppet-masterless');
  expect(live).toMatch(/log: srv/);
  expect(live).toContain('hello from srv');
  const end = await term.waitFor(/EXIT=\d+/, 120_000);
  expect(end).toContain("✔ Build 'srv' finished after");
  expect(end).toContain("✔ Build 'local' finished after");
  expect(end).toContain(`log: ${join(dir, 'logs', 'srv.log')}`);
  expect(end).toContain('EXIT=0');
  expect(readFileSync(join(dir, 'logs', 'srv.log'), 'utf8')).toMatch(/Notice: hello from puppet/);
});
