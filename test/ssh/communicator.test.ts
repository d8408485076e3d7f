// The ssh communicator's own behaviour against a real OpenSSH sshd: waiting messages, a jump host,
// a pty, cancelling a command, exit codes and signals.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort, startSshd, type SshServer } from '../helpers/sshd.js';
import { waitForSsh } from '../../src/ssh/connect.js';
import { sshOptions } from '../../src/ssh/options.js';
import { provisioner as shell } from '../../src/components/provisioners/shell/index.js';
import { connect, makeContext, sshConfig } from './context.js';
import { sshDecoded } from '../helpers/decode.js';

let server: SshServer;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(async () => {
  await server?.stop();
});

test('while waiting for SSH, messages say the target, the elapsed time and the last error', async () => {
  const port = await freePort();
  const said: string[] = [];
  const ui = { say: (t: string) => said.push(`say: ${t}`), message: (t: string) => said.push(`message: ${t}`) };
  const options = sshOptions(sshDecoded({ ...sshConfig(server), ssh_port: port, ssh_timeout: '1500ms' }), {}, undefined);
  await expect(waitForSsh(options, ui, undefined, 400)).rejects.toThrow('did not answer within 1.5s (ssh_timeout)');
  expect(said[0]).toBe('say: Waiting for SSH to become available...');
  const waits = said.filter((s) => s.startsWith('message: Still waiting'));
  expect(waits.length).toBeGreaterThanOrEqual(2);
  expect(waits[0]).toMatch(new RegExp(`^message: Still waiting for SSH at packtest@127\\.0\\.0\\.1:${port}: \\d+ms elapsed of 1.5s \\(ssh_timeout\\); last error: connection refused$`));
});

test('exit codes, output streams and a command cancelled through its signal', async () => {
  const t = makeContext();
  try {
    const comm = await connect(t, sshConfig(server));
    const out: string[] = [];
    const err: string[] = [];
    const r = await comm.run({
      command: 'printf "a\\nb"; printf "e1\\n" >&2; exit 5',
      onStdout: (l) => out.push(l),
      onStderr: (l) => err.push(l),
    });
    expect(r).toEqual({ exitCode: 5 });
    expect(out).toEqual(['a', 'b']);
    expect(err).toEqual(['e1']);
    const abort = new AbortController();
    const pending = comm.run({ command: 'echo started; sleep 30', signal: abort.signal, onStdout: () => abort.abort() });
    const cancelled = await pending;
    expect(cancelled).toEqual({ exitCode: null, signal: 'TERM' });
    // The connection is still usable afterwards.
    expect(await comm.run({ command: 'exit 0' })).toEqual({ exitCode: 0 });
    await comm.close();
  } finally {
    t.cleanup();
  }
});

test('through a jump host (ssh_bastion_*)', async () => {
  const t = makeContext();
  try {
    const comm = await connect(t, {
      ...sshConfig(server),
      ssh_bastion_host: '127.0.0.1',
      ssh_bastion_port: server.port,
      ssh_bastion_username: server.user,
      ssh_bastion_password: server.password,
    });
    const out: string[] = [];
    await comm.run({ command: 'echo via bastion', onStdout: (l) => out.push(l) });
    await comm.close();
    expect(out).toEqual(['via bastion']);
    expect(t.allText()).not.toContain(server.password);
  } finally {
    t.cleanup();
  }
});

test('with ssh_pty the shell provisioner uploads then runs, and the script sees a terminal', async () => {
  const t = makeContext();
  try {
    await connect(t, sshConfig(server, { ssh_pty: true, ssh_file_transfer_method: 'sftp' }));
    await shell.create({ inline: ['if [ -t 1 ]; then echo "tty yes"; else echo "tty no"; fi'] }).provision(t.ctx);
    await t.ctx.comm!.close();
    expect(t.lines()).toContain('message/stdout: tty yes');
  } finally {
    t.cleanup();
  }
});

test('a silent command fails after ssh_read_write_timeout, and the next command reconnects', async () => {
  const t = makeContext();
  try {
    await connect(t, sshConfig(server, { ssh_read_write_timeout: '1s' }));
    await expect(shell.create({ inline: ['sleep 20'] }).provision(t.ctx)).rejects.toThrow(
      'a remote command failed: no data moved for 1s (ssh_read_write_timeout); the connection was closed',
    );
    await shell.create({ inline: ['echo alive'] }).provision(t.ctx);
    await t.ctx.comm!.close();
    expect(t.lines()).toContain('message/stdout: alive');
  } finally {
    t.cleanup();
  }
});

test('ssh_agent_auth logs in with the keys of a running ssh-agent', async () => {
  const { spawn, execFileSync } = await import('node:child_process');
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  if (!existsSync('/usr/bin/ssh-agent')) throw new Error('/usr/bin/ssh-agent is missing: install openssh-client');
  const t = makeContext();
  const sock = join(t.ctx.tempDir, 'agent.sock');
  const agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  const saved = process.env.SSH_AUTH_SOCK;
  try {
    for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
    execFileSync('/usr/bin/ssh-add', [server.privateKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
    process.env.SSH_AUTH_SOCK = sock;
    const comm = await connect(t, { ssh_host: server.host, ssh_port: server.port, ssh_username: server.user, ssh_agent_auth: true });
    const out: string[] = [];
    await comm.run({ command: 'echo agent-ok', onStdout: (l) => out.push(l) });
    await comm.close();
    expect(out).toEqual(['agent-ok']);
  } finally {
    if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = saved;
    agent.kill();
    t.cleanup();
  }
});

test('cancelling an upload stops it at once; the next command reconnects', async () => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const t = makeContext();
  try {
    const comm = await connect(t, sshConfig(server, { ssh_file_transfer_method: 'sftp' }));
    const big = join(t.ctx.tempDir, 'big.bin');
    writeFileSync(big, Buffer.alloc(120 * 1024 * 1024, 7));
    const abort = new AbortController();
    const err = await comm
      .upload(big, join(t.ctx.tempDir, 'copy.bin'), {
        signal: abort.signal,
        onProgress: (bytes) => {
          if (bytes > 4 * 1024 * 1024) abort.abort();
        },
      })
      .catch((e) => e);
    expect(err.message).toBe(`upload of ${big} was cancelled`);
    expect(await comm.run({ command: 'exit 3' })).toEqual({ exitCode: 3 });
    await comm.close();
  } finally {
    t.cleanup();
  }
});

test('a port that accepts and hangs up (a guest still booting behind a port forward) is waited for, not counted as a failed login', async () => {
  const net = await import('node:net');
  let refused = 0;
  const forward = net.createServer((sock) => {
    // The first connections are dropped at once, as QEMU's hostfwd does before the guest listens.
    if (refused < 3) {
      refused++;
      sock.destroy();
      return;
    }
    const up = net.connect(server.port, '127.0.0.1');
    sock.pipe(up).pipe(sock);
    up.on('error', () => sock.destroy());
    sock.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => forward.listen(0, '127.0.0.1', () => r()));
  const port = (forward.address() as { port: number }).port;
  const t = makeContext();
  try {
    const comm = await connect(t, { ...sshConfig(server), ssh_port: port, ssh_handshake_attempts: 1, ssh_timeout: '20s' });
    const out: string[] = [];
    await comm.run({ command: 'echo booted', onStdout: (l) => out.push(l) });
    await comm.close();
    expect(refused).toBe(3);
    expect(out).toEqual(['booted']);
  } finally {
    forward.close();
    t.cleanup();
  }
});

test('stdin from bytes and from a stream, and raw output chunks beside the lines (the ansible adapter)', async () => {
  const t = makeContext();
  try {
    const comm = await connect(t, sshConfig(server));
    const lines: string[] = [];
    const r = await comm.run({ command: 'cat; echo done', stdin: 'from bytes\n', onStdout: (l) => lines.push(l) });
    expect(r).toEqual({ exitCode: 0 });
    expect(lines).toEqual(['from bytes', 'done']);
    const big = Buffer.alloc(3 * 1024 * 1024, 'x');
    const chunks: Buffer[] = [];
    const errChunks: Buffer[] = [];
    const r2 = await comm.run({
      command: 'wc -c; echo oops >&2',
      stdin: Readable.from([big.subarray(0, 1000), big.subarray(1000)]),
      onStdoutData: (c) => chunks.push(c),
      onStderrData: (c) => errChunks.push(c),
    });
    expect(r2).toEqual({ exitCode: 0 });
    expect(Buffer.concat(chunks).toString().trim()).toBe(String(big.length));
    expect(Buffer.concat(errChunks).toString()).toBe('oops\n');
    await comm.close();
  } finally {
    t.cleanup();
  }
});
