// What goes wrong over SSH, each a clear message and never a hang: real sshd, real failures.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdirSync, statSync, existsSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, freeze, makeClientKey, startSshd, type SshServer } from '../helpers/sshd.js';
import { provisioner as shell } from '../../src/components/provisioners/shell/index.js';
import { definition as shellSchema } from '../../src/components/provisioners/shell/schema.js';
import { definition as fileSchema } from '../../src/components/provisioners/file/schema.js';
import { definition as sshSchema } from '../../src/components/communicators/ssh/schema.js';
import { provisioner as file } from '../../src/components/provisioners/file/index.js';
import { STATE, getState, setState } from '../../src/core/components.js';
import { createTemporaryKeyPair } from '../../src/ssh/keypair.js';
import { connect, makeContext, sshConfig } from './context.js';

let server: SshServer;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(async () => {
  await server?.stop();
});

test('a wrong password fails after ssh_handshake_attempts, naming the target and what to check', async () => {
  const t = makeContext();
  try {
    const err = await connect(t, { ...sshConfig(server, {}, true), ssh_password: 'wrong-password', ssh_handshake_attempts: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe(
      `SSH login to packtest@127.0.0.1:${server.port} failed after 2 handshake attempt(s) (ssh_handshake_attempts): ` +
        'authentication failed (all configured methods were refused). Check ssh_username and ssh_password or ssh_private_key_file.',
    );
    expect(t.allText()).not.toContain('wrong-password');
  } finally {
    t.cleanup();
  }
});

test('a key the server does not know fails the same way', async () => {
  const t = makeContext();
  try {
    const other = makeClientKey(t.ctx.tempDir, 'other');
    const err = await connect(t, { ...sshConfig(server), ssh_private_key_file: other.path, ssh_handshake_attempts: 1 }).catch((e) => e);
    expect(err.message).toMatch(/failed after 1 handshake attempt\(s\) \(ssh_handshake_attempts\): authentication failed/);
  } finally {
    t.cleanup();
  }
});

test('an encrypted key logs in with ssh_private_key_passphrase, and says what is missing without it', async () => {
  const t = makeContext();
  try {
    const enc = makeClientKey(t.ctx.tempDir, 'encrypted', 'open-sesame');
    server.authorize(enc.publicKey);
    const missing = await connect(t, { ...sshConfig(server), ssh_private_key_file: enc.path }).catch((e) => e);
    expect(missing.message).toContain('the private key is encrypted: give its passphrase in ssh_private_key_passphrase');
    const comm = await connect(t, { ...sshConfig(server), ssh_private_key_file: enc.path, ssh_private_key_passphrase: 'open-sesame' });
    const out: string[] = [];
    await comm.run({ command: 'echo in', onStdout: (l) => out.push(l) });
    await comm.close();
    expect(out).toEqual(['in']);
    expect(t.allText()).not.toContain('open-sesame');
  } finally {
    t.cleanup();
  }
});

test('nothing listening: fails after ssh_timeout, saying what it waited for', async () => {
  const t = makeContext();
  try {
    const port = await freePort();
    const err = await connect(t, { ...sshConfig(server), ssh_port: port, ssh_timeout: '2s' }).catch((e) => e);
    expect(err.message).toBe(
      `Timeout waiting for SSH: packtest@127.0.0.1:${port} did not answer within 2s (ssh_timeout); last error: connection refused`,
    );
    expect(t.lines()).toContain('say: Waiting for SSH to become available...');
  } finally {
    t.cleanup();
  }
});

test('a server that hangs in the middle of an upload fails it within ssh_read_write_timeout', async () => {
  const own = await startSshd();
  const t = makeContext();
  try {
    const big = join(t.ctx.tempDir, 'big.bin');
    writeFileSync(big, Buffer.alloc(120 * 1024 * 1024, 1));
    mkdirSync(join(own.dir, 'up'));
    const comm = await connect(t, sshConfig(own, { ssh_file_transfer_method: 'sftp', ssh_read_write_timeout: '2s', ssh_keep_alive_interval: '0s' }));
    let frozen = false;
    const upload = comm.upload(big, join(own.dir, 'up', 'big.bin'), {
      onProgress: (bytes) => {
        if (!frozen && bytes > 5 * 1024 * 1024) {
          frozen = true;
          freeze(own, true);
        }
      },
    });
    const err = await upload.catch((e) => e);
    expect(frozen).toBe(true);
    expect(err.message).toBe(`upload of ${big} failed: no data moved for 2s (ssh_read_write_timeout); the connection was closed`);
    await comm.close();
  } finally {
    t.cleanup();
    await own.stop();
  }
});

test('a server killed in the middle of an upload fails it at once with a clear message (scp and sftp)', async () => {
  for (const method of ['scp', 'sftp']) {
    const own = await startSshd();
    const t = makeContext();
    try {
      const big = join(t.ctx.tempDir, 'big.bin');
      writeFileSync(big, Buffer.alloc(120 * 1024 * 1024, 1));
      mkdirSync(join(own.dir, 'up'));
      const comm = await connect(t, sshConfig(own, { ssh_file_transfer_method: method, ssh_read_write_timeout: '5s' }));
      let killed = false;
      const err = await file
        .create({ source: big, destination: join(own.dir, 'up') + '/' })
        .provision({
          ...t.ctx,
          ui: {
            ...t.ctx.ui,
            progress: (p) => {
              if (!killed && p.bytes > 5 * 1024 * 1024) {
                killed = true;
                void own.kill();
              }
            },
          },
        })
        .catch((e) => e);
      expect(killed).toBe(true);
      expect(err).toBeInstanceOf(Error);
      expect(err.message).toMatch(new RegExp(`^upload of ${big} failed: (the SSH connection to 127.0.0.1:${own.port} was lost|scp: the connection closed)`));
      await comm.close();
    } finally {
      t.cleanup();
      await own.stop();
    }
  }
});

test('a missing local script is caught by the schema check, and at run time with its name', async () => {
  const t = makeContext();
  try {
    expect(shellSchema.check!({ script: 'nope.sh' }, { templateDir: t.ctx.templateDir })).toEqual(["Bad script 'nope.sh': no such file"]);
    expect(shellSchema.check!({ scripts: ['nope.sh'] }, { templateDir: t.ctx.templateDir })).toEqual(["Bad script 'nope.sh': no such file"]);
    expect(shellSchema.check!({}, { templateDir: t.ctx.templateDir })).toEqual(['Either a script file or inline script must be specified.']);
    expect(shellSchema.check!({ inline: ['a'], environment_vars: ['NOEQ'] }, { templateDir: '.' })).toEqual([
      "Environment variable not in format 'key=value': NOEQ",
    ]);
    expect(fileSchema.check!({ source: 'nope', destination: '/x' }, { templateDir: t.ctx.templateDir })).toEqual([
      "Bad source 'nope': no such file or directory (set generated: true if the build creates it)",
    ]);
    expect(fileSchema.check!({ source: 'nope', destination: '/x', generated: true }, { templateDir: '.' })).toEqual([]);
    expect(sshSchema.check!({ ssh_username: 'u', ssh_private_key_file: 'nope.pem' }, { templateDir: t.ctx.templateDir })).toEqual([
      'ssh_private_key_file is invalid: nope.pem: no such file',
    ]);
    const comm = await connect(t, sshConfig(server));
    await expect(shell.create({ script: 'nope.sh' }).provision(t.ctx)).rejects.toThrow('Error reading script nope.sh: no such file');
    await comm.close();
  } finally {
    t.cleanup();
  }
});

test('a temporary key pair is written 0600, logs in from the state bag, is cleared from authorized_keys and removed', async () => {
  const t = makeContext();
  try {
    const pair = createTemporaryKeyPair({ type: 'ed25519' });
    expect(statSync(pair.privateKeyPath).mode & 0o777).toBe(0o600);
    mkdirSync(join(server.dir, '.ssh'), { recursive: true });
    const ak = join(server.dir, '.ssh', 'authorized_keys');
    writeFileSync(ak, `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeep keep-me\n${pair.publicKey}\n`);
    const state = new Map<string, unknown>([[STATE.sshKeyPair.name, { privateKey: pair.privateKey, publicKey: pair.publicKey }]]);
    const config = { ssh_host: server.host, ssh_port: server.port, ssh_username: server.user, ssh_clear_authorized_keys: true };
    const comm = await connect(t, config, state);
    const out: string[] = [];
    await comm.run({ command: 'echo temp-key-ok', onStdout: (l) => out.push(l) });
    await comm.close();
    expect(out).toEqual(['temp-key-ok']);
    expect(readFileSync(ak, 'utf8')).toBe('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeep keep-me\n');
    pair.remove();
    expect(existsSync(pair.privateKeyPath)).toBe(false);
    for (const type of ['rsa', 'ecdsa']) {
      const p = createTemporaryKeyPair({ type, bits: type === 'rsa' ? 2048 : 256 });
      expect(statSync(p.privateKeyPath).mode & 0o777).toBe(0o600);
      expect(p.publicKey).toMatch(type === 'rsa' ? /^ssh-rsa / : /^ecdsa-sha2-nistp256 /);
      p.remove();
    }
  } finally {
    t.cleanup();
  }
});
