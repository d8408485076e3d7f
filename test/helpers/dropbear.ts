// Starts a real dropbear SSH server on a free loopback port in the foreground, with the same test user
// as sshd.ts (uid 0, home in the temp folder, password and key login), in its own mount+pid namespace.
// Debian's dropbear looks for sftp-server at /usr/lib/sftp-server, which openssh-sftp-server does not
// provide: use ssh_file_transfer_method scp (Packer's default) against it.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeUserMounts, makeClientKey, requireTool, startOnFreePort, type SshServer } from './sshd.js';

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('SSH-'));
    });
    s.once('error', () => resolve(false));
  });
}

export async function startDropbear(): Promise<SshServer> {
  requireTool('/usr/sbin/dropbear', 'dropbear-bin');
  requireTool('/usr/bin/dropbearkey', 'dropbear-bin');
  requireTool('/usr/bin/scp', 'openssh-client');
  const dir = mkdtempSync(join(tmpdir(), 'pack-dropbear-'));
  chmodSync(dir, 0o755);
  try {
    execFileSync('/usr/bin/dropbearkey', ['-t', 'ed25519', '-f', join(dir, 'host_ed25519')], { stdio: 'ignore' });
    const key = makeClientKey(dir);
    mkdirSync(join(dir, '.ssh'), { mode: 0o700 });
    const authorizedKeys = join(dir, '.ssh', 'authorized_keys');
    writeFileSync(authorizedKeys, key.publicKey + '\n', { mode: 0o600 });
    const mounts = fakeUserMounts(dir);
    return await startOnFreePort(dir, key, authorizedKeys, (port) => ({
      script: `${mounts} && exec /usr/sbin/dropbear -F -E -m -p 127.0.0.1:${port} -r ${dir}/host_ed25519 -P ${dir}/dropbear.pid`,
      ready: () => answers(port),
      failed: (log) => /Failed listening|Address already in use/.test(log),
      what: 'dropbear',
    }));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
