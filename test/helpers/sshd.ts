// Starts a real OpenSSH sshd on a free loopback port, in the foreground, with its own config, host key,
// client key and a test user in a temp folder. The user exists only inside the server's mount namespace:
// copies of /etc/passwd and /etc/shadow with one extra line are bind-mounted over the real ones
// (`unshare --mount`), so the real /etc is never touched. The user has uid 0 (files it writes are easy to
// clean up), home = the temp folder and /bin/sh as shell (no ~/.bashrc, no pyenv start-up cost).
// A pid namespace with --kill-child makes stop()/kill() end every session process too.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_USER = 'packtest';
export const TEST_PASSWORD = 'pack-test-Passw0rd';

export interface SshServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** OpenSSH ed25519 private key that the server accepts. */
  privateKeyPath: string;
  privateKey: string;
  publicKey: string;
  /** The temp folder: config, keys; also the user's home. */
  dir: string;
  /** Appends a public key to the accepted keys. */
  authorize(publicKey: string): void;
  /** Stops the server and every session, removes the temp folder. */
  stop(): Promise<void>;
  /** Kills the server and every session at once (SIGKILL), keeping the folder. */
  kill(): Promise<void>;
  /** The server's own log (stderr). */
  log(): string;
  /** Pid of the namespace's parent process; every server and session process descends from it. */
  pid: number;
}

/** Fails with the tool's name and the Debian package that provides it. */
/** A null builder named "x" that logs in to `server` with its key, as the benches and SSH tests build against it. */
export function nullBuilderFor(server: SshServer, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'null',
    name: 'x',
    communicator: 'ssh',
    ssh_host: '127.0.0.1',
    ssh_port: server.port,
    ssh_username: server.user,
    ssh_private_key_file: server.privateKeyPath,
    ...extra,
  };
}

export function requireTool(path: string, pkg: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: install the Debian package ${pkg} (scripts/system-packages.txt)`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Writes passwd/shadow copies holding the test user; returns the shell snippet that mounts them. */
export function fakeUserMounts(dir: string, user = TEST_USER, password = TEST_PASSWORD): string {
  requireTool('/usr/bin/openssl', 'openssl');
  requireTool('/usr/bin/unshare', 'util-linux');
  const hash = execFileSync('/usr/bin/openssl', ['passwd', '-6', password], { encoding: 'utf8' }).trim();
  const passwd = readFileSync('/etc/passwd', 'utf8').replace(/\n?$/, '\n') + `${user}:x:0:0:pack test:${dir}:/bin/sh\n`;
  const shadow = readFileSync('/etc/shadow', 'utf8').replace(/\n?$/, '\n') + `${user}:${hash}:19000:0:99999:7:::\n`;
  writeFileSync(join(dir, 'passwd'), passwd, { mode: 0o644 });
  writeFileSync(join(dir, 'shadow'), shadow, { mode: 0o600 });
  return `mount --bind ${dir}/passwd /etc/passwd && mount --bind ${dir}/shadow /etc/shadow`;
}

export interface ClientKey {
  path: string;
  privateKey: string;
  publicKey: string;
}

export function makeClientKey(dir: string, name = 'id_ed25519', passphrase = ''): ClientKey {
  requireTool('/usr/bin/ssh-keygen', 'openssh-client');
  const path = join(dir, name);
  execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'pack-test', '-f', path]);
  return { path, privateKey: readFileSync(path, 'utf8'), publicKey: readFileSync(`${path}.pub`, 'utf8').trim() };
}

/** A server process in its own mount+pid namespace; resolves once `ready(log)` says so. */
export interface LaunchOptions {
  script: string;
  ready(log: string): boolean | Promise<boolean>;
  failed(log: string): boolean;
  what: string;
}

export function startNamespaced(opts: LaunchOptions & {
}): Promise<{ child: ChildProcess; log: () => string; stop: () => Promise<void>; pid: number }> {
  const child = spawn('/usr/bin/unshare', ['--mount', '--pid', '--fork', '--kill-child', '/bin/sh', '-c', opts.script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const onData = (c: Buffer) => {
    log += c.toString('utf8');
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let done = false;
    const deadline = Date.now() + 15_000;
    const poll = async () => {
      if (done) return;
      if (child.exitCode !== null || child.signalCode !== null || opts.failed(log)) {
        done = true;
        await stop();
        reject(new Error(`${opts.what} did not start:\n${log}`));
        return;
      }
      if (await opts.ready(log)) {
        done = true;
        resolve({ child, log: () => log, stop, pid: child.pid! });
        return;
      }
      if (Date.now() > deadline) {
        done = true;
        await stop();
        reject(new Error(`${opts.what} did not start within 15 s:\n${log}`));
        return;
      }
      setTimeout(poll, 20);
    };
    void poll();
  });
}

export interface SshdOptions {
  /** Extra sshd_config lines. */
  config?: string[];
}

export async function startSshd(opts: SshdOptions = {}): Promise<SshServer> {
  requireTool('/usr/sbin/sshd', 'openssh-server');
  requireTool('/usr/lib/openssh/sftp-server', 'openssh-sftp-server');
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'pack-sshd-'));
  chmodSync(dir, 0o755);
  try {
    execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_ed25519')]);
    const key = makeClientKey(dir);
    const authorizedKeys = join(dir, 'authorized_keys');
    writeFileSync(authorizedKeys, key.publicKey + '\n', { mode: 0o600 });
    const mounts = fakeUserMounts(dir);
    return await startOnFreePort(dir, key, authorizedKeys, (port) => {
      const configPath = join(dir, 'sshd_config');
      writeFileSync(
        configPath,
        [
          `Port ${port}`,
          'ListenAddress 127.0.0.1',
          `HostKey ${dir}/host_ed25519`,
          `PidFile ${dir}/sshd.pid`,
          `AuthorizedKeysFile ${authorizedKeys} .ssh/authorized_keys`,
          'PermitRootLogin yes',
          'StrictModes no',
          'PasswordAuthentication yes',
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          'PrintMotd no',
          'PrintLastLog no',
          'MaxSessions 200',
          'MaxStartups 200',
          'MaxAuthTries 30',
          'Subsystem sftp /usr/lib/openssh/sftp-server',
          ...(opts.config ?? []),
          '',
        ].join('\n'),
      );
      return {
        script: `${mounts} && exec /usr/sbin/sshd -D -e -f ${configPath}`,
        ready: (log) => log.includes('Server listening on'),
        failed: (log) => /Bind to port .* failed|Cannot bind any address/.test(log),
        what: 'sshd',
      };
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Launches a server on a free port (three tries: another process may take the port in between) and
 * describes it for the tests; the folder is removed when the server stops or cannot start.
 */
export async function startOnFreePort(
  dir: string,
  key: ClientKey,
  authorizedKeys: string,
  launch: (port: number) => LaunchOptions,
): Promise<SshServer> {
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        const proc = await startNamespaced(launch(port));
        return {
          host: '127.0.0.1',
          port,
          user: TEST_USER,
          password: TEST_PASSWORD,
          privateKeyPath: key.path,
          privateKey: key.privateKey,
          publicKey: key.publicKey,
          dir,
          authorize: (pub) => writeFileSync(authorizedKeys, pub.trim() + '\n', { flag: 'a' }),
          stop: async () => {
            await proc.stop();
            rmSync(dir, { recursive: true, force: true });
          },
          kill: proc.stop,
          log: proc.log,
          pid: proc.pid,
        };
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Every process below pid (read from /proc), deepest last. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      /* the process ended meanwhile */
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      visit(c);
    }
  };
  visit(pid);
  return out;
}

/** Freezes (SIGSTOP) or thaws (SIGCONT) a server and all its sessions: a peer that hangs without closing. */
export function freeze(server: SshServer, frozen: boolean): void {
  for (const p of descendants(server.pid)) {
    try {
      process.kill(p, frozen ? 'SIGSTOP' : 'SIGCONT');
    } catch {
      /* gone */
    }
  }
}
