// The upload progress bar in a real terminal: `pack build` with the null builder over SSH to
// a real OpenSSH sshd on loopback, a file provisioner sending a large file.
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync, closeSync, openSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSshd, type SshServer } from '../helpers/sshd.js';
import { TmuxTerminal } from './tmux.js';

const PACK = resolve('bin/pack');
const SIZE = 400 * 1024 * 1024;
let server: SshServer;
let dir: string;
let term: TmuxTerminal | undefined;

beforeAll(async () => {
  if (!existsSync(join('dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` before the terminal tests');
  server = await startSshd();
  dir = mkdtempSync(join(tmpdir(), 'pack-dash-upload-'));
});

afterAll(async () => {
  term?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('shows the upload as a bar with bytes, rate and time left, then the step done', async () => {
  const big = join(dir, 'big.bin');
  closeSync(openSync(big, 'w'));
  truncateSync(big, SIZE);
  mkdirSync(join(dir, 'dest'));
  writeFileSync(
    join(dir, 'up.json'),
    JSON.stringify({
      builders: [
        {
          type: 'null',
          name: 'up',
          communicator: 'ssh',
          ssh_host: '127.0.0.1',
          ssh_port: server.port,
          ssh_username: server.user,
          ssh_private_key_file: server.privateKeyPath,
        },
      ],
      provisioners: [{ type: 'file', source: big, destination: `${join(dir, 'dest')}/` }],
    }),
  );
  term = new TmuxTerminal(dir);
  term.run(`node ${PACK} build up.json; echo EXIT=$?`);
  const bar = await term.waitFor(/█*░+ \d+% [\d.]+ [KMG]?i?B \/ 400 MiB {2}[\d.]+ [KMG]?i?B\/s {2}\d\d:\d\d left/, 60_000);
  expect(bar).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] file/);
  expect(bar).toMatch(/✔ Connect \(ssh\) → 127\.0\.0\.1/);
  const end = await term.waitFor(/EXIT=\d+/, 120_000);
  expect(end).toContain("✔ Build 'up' finished after");
  expect(end).toContain('EXIT=0');
  expect(statSync(join(dir, 'dest', 'big.bin')).size).toBe(SIZE);
});
