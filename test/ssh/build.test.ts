// `pack build` end to end (the real CLI, bin/pack: run `npm run build` first) with the null builder
// and communicator ssh against a real OpenSSH sshd on loopback.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPack, stripAnsi } from '../helpers/pack.js';
import { nullBuilderFor, startSshd, type SshServer } from '../helpers/sshd.js';

let server: SshServer;
let dir: string;
beforeAll(async () => {
  server = await startSshd();
  dir = mkdtempSync(join(tmpdir(), 'pack-sshbuild-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function template(name: string, provisioners: unknown[], extra: Record<string, unknown> = {}): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      variables: { token: 'tok-3141-secret' },
      'sensitive-variables': ['token'],
      builders: [
        nullBuilderFor(server, extra),
      ],
      provisioners,
    }),
  );
  return path;
}

test('inline, script and file upload over SSH, printed like Packer, the sensitive variable masked', async () => {
  writeFileSync(join(dir, 'setup.sh'), '#!/bin/sh\necho "setup with $MODE"\n');
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'payload.txt'), 'payload\n');
  const path = template('ok', [
    { type: 'shell', inline: ['echo hello from inline', 'echo to-stderr >&2', 'echo "token={{user `token`}}"'] },
    { type: 'shell', script: join(dir, 'setup.sh'), environment_vars: ['MODE=fast'] },
    { type: 'file', source: join(dir, 'payload.txt'), destination: `${join(dir, 'out')}/` },
  ]);
  const r = await runPack(['build', '-color=false', path], { cwd: dir });
  const out = stripAnsi(r.stdout);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(out).toContain('==> x: Using ssh communicator to connect: 127.0.0.1\n==> x: Waiting for SSH to become available...\n==> x: Connected to SSH!\n');
  expect(out).toMatch(/==> x: Provisioning with shell script: \/tmp\/script_\d+\.sh\n/);
  expect(out).toContain('    x: hello from inline\n');
  expect(out).toContain('==> x: to-stderr\n');
  expect(out).toContain('    x: token=<sensitive>\n');
  expect(out).toContain(`==> x: Provisioning with shell script: ${join(dir, 'setup.sh')}\n    x: setup with fast\n`);
  expect(out).toContain(`==> x: Uploading ${join(dir, 'payload.txt')} => ${join(dir, 'out')}/\n`);
  expect(readFileSync(join(dir, 'out', 'payload.txt'), 'utf8')).toBe('payload\n');
  expect(r.stdout + r.stderr).not.toContain('tok-3141-secret');
});

test('a script exiting 7 fails the build with its code and the allowed codes, without a stack trace', async () => {
  const path = template('exit7', [{ type: 'shell', inline: ['echo about to fail', 'exit 7'] }]);
  const r = await runPack(['build', '-color=false', path], { cwd: dir });
  expect(r.code).toBe(1);
  expect(stripAnsi(r.stdout)).toMatch(
    /Build 'x' errored after .*: Script exited with non-zero exit status: 7\.Allowed exit codes are: \[0\]\n/,
  );
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
});

test('a wrong password fails the build after the handshake attempts; nothing listening fails after ssh_timeout', async () => {
  const wrong = template('wrong', [{ type: 'shell', inline: ['true'] }], {
    ssh_private_key_file: undefined,
    ssh_password: 'not-the-password',
    ssh_handshake_attempts: 2,
  });
  const r1 = await runPack(['build', '-color=false', wrong], { cwd: dir });
  expect(r1.code).toBe(1);
  expect(stripAnsi(r1.stdout)).toContain('failed after 2 handshake attempt(s) (ssh_handshake_attempts): authentication failed');
  expect(r1.stdout + r1.stderr).not.toContain('not-the-password');
  const closed = template('closed', [{ type: 'shell', inline: ['true'] }], { ssh_port: 1, ssh_timeout: '2s' });
  const r2 = await runPack(['build', '-color=false', closed], { cwd: dir });
  expect(r2.code).toBe(1);
  expect(stripAnsi(r2.stdout)).toContain('Timeout waiting for SSH: packtest@127.0.0.1:1 did not answer within 2s (ssh_timeout); last error: connection refused');
});

test('validate names a missing script file, with its position', async () => {
  const path = template('missing', [{ type: 'shell', script: 'no-such-script.sh' }]);
  const r = await runPack(['validate', path], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stdout + r.stderr).toMatch(/missing\.json:\d+:\d+: .*Bad script 'no-such-script\.sh': no such file/);
});

test('the 50 MB upload through pack build arrives byte for byte', async () => {
  const big = join(dir, 'big.bin');
  const buf = Buffer.alloc(50 * 1024 * 1024);
  for (let i = 0; i < buf.length; i += 4096) buf.writeUInt32LE(i, i);
  writeFileSync(big, buf);
  mkdirSync(join(dir, 'bigdest'));
  const path = template('big', [{ type: 'file', source: big, destination: `${join(dir, 'bigdest')}/` }], { ssh_file_transfer_method: 'sftp' });
  const r = await runPack(['build', '-color=false', path], { cwd: dir });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(statSync(join(dir, 'bigdest', 'big.bin')).size).toBe(buf.length);
  expect(readFileSync(join(dir, 'bigdest', 'big.bin')).equals(buf)).toBe(true);
});

test('HCL2 and YAML templates drive the same communicator and provisioners', async () => {
  const hcl = join(dir, 'h.pkr.hcl');
  writeFileSync(
    hcl,
    `variable "token" {
  type      = string
  default   = "hcl-secret-777"
  sensitive = true
}
source "null" "x" {
  communicator         = "ssh"
  ssh_host             = "127.0.0.1"
  ssh_port             = ${server.port}
  ssh_username         = "${server.user}"
  ssh_private_key_file = "${server.privateKeyPath}"
}
build {
  sources = ["source.null.x"]
  provisioner "shell" {
    inline           = ["echo hcl $MSG", "echo tok=\${var.token}"]
    environment_vars = ["MSG=works"]
  }
  provisioner "file" {
    content     = "hello content"
    destination = "${dir}/hcl-content.txt"
  }
}
`,
  );
  const r1 = await runPack(['build', '-color=false', hcl], { cwd: dir });
  expect(r1.code, r1.stdout + r1.stderr).toBe(0);
  expect(stripAnsi(r1.stdout)).toContain('    null.x: hcl works\n    null.x: tok=<sensitive>\n');
  expect(r1.stdout + r1.stderr).not.toContain('hcl-secret-777');
  expect(readFileSync(join(dir, 'hcl-content.txt'), 'utf8')).toBe('hello content');
  const yaml = join(dir, 'y.yaml');
  writeFileSync(
    yaml,
    [
      'builders:',
      '  - type: "null"',
      '    name: y',
      '    communicator: ssh',
      '    ssh_host: 127.0.0.1',
      `    ssh_port: ${server.port}`,
      `    ssh_username: ${server.user}`,
      `    ssh_password: ${server.password}`,
      'provisioners:',
      '  - type: shell',
      '    inline: ["echo from yaml"]',
      '',
    ].join('\n'),
  );
  const r2 = await runPack(['build', '-color=false', yaml], { cwd: dir });
  expect(r2.code, r2.stdout + r2.stderr).toBe(0);
  expect(stripAnsi(r2.stdout)).toContain('    y: from yaml\n');
});

// Abort skips the connect step's cleanup, as Packer does: the SSH connection stays open, and the process must
// still end (Packer's does). Before the fix pack printed its summary and then waited for ever.
test.each(['abort', 'run-cleanup-provisioner'])('-on-error=%s after a failed step: the summary, exit 1, and the process ends', async (mode) => {
  const path = template(`abort-${mode}`, [{ type: 'shell', inline: ['echo before', 'exit 3'] }]);
  const r = await runPack(['build', '-color=false', `-on-error=${mode}`, path], { cwd: dir, timeoutMs: 30_000 });
  expect(r.signal, 'pack did not exit by itself').toBeNull();
  expect(r.code).toBe(1);
  const out = stripAnsi(r.stdout);
  expect(out).toContain('==> x: Step "Provision" failed, aborting...');
  expect(out).toContain("Build 'x' errored after");
  expect(out).toContain('==> Builds finished but no artifacts were created.');
});

// src/ssh/connect.ts requires ssh2's client alone: the package's index would also load its server and HTTP
// agents (node:http, node:https, node:tls), which no build uses. A preload lists the builtins the run loaded.
test('a build over SSH loads ssh2 without node:http, node:https or node:tls', async () => {
  const preload = join(dir, 'list-builtins.cjs');
  const listed = join(dir, 'builtins.txt');
  writeFileSync(
    preload,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.PACK_TEST_BUILTINS, " +
      "process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));\n",
  );
  const path = template('builtins', [{ type: 'shell', inline: ['echo connected'] }]);
  const r = await runPack(['build', '-color=false', path], {
    cwd: dir,
    env: { NODE_OPTIONS: `--require ${preload}`, PACK_TEST_BUILTINS: listed },
  });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(stripAnsi(r.stdout)).toContain('    x: connected\n');
  const builtins = readFileSync(listed, 'utf8').split('\n');
  expect(builtins).toContain('net');
  expect(builtins.filter((m) => /^(https?|tls|_http_\w+|_tls_\w+)$/.test(m))).toEqual([]);
});
