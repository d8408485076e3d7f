// The docker builder reaching a remote engine, as the Docker CLI does: Podman's API served over TLS
// (certificates made here with openssl; a TLS listener in front of Podman's socket that asks for a
// client certificate) and over ssh:// (OpenSSH on loopback, `docker system dial-stdio` on the far
// side). The real CLI builds a container image through each. Needs `npm run build` first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_IMAGE, requireTool, startPodman, type PodmanService } from '../helpers/podman.js';
import { startSshd, type SshServer } from '../helpers/sshd.js';
import { runPack, stripAnsi } from '../helpers/pack.js';

let podman: PodmanService;
let dir: string;

beforeAll(async () => {
  requireTool('openssl', 'openssl');
  requireTool('docker', 'docker.io');
  podman = await startPodman();
  dir = mkdtempSync(join(tmpdir(), 'pack-docker-remote-'));
});
afterAll(async () => {
  await podman?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function template(name: string, tag: string): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      builders: [{ type: 'docker', image: BASE_IMAGE, pull: false, commit: true, changes: [`LABEL via=${name}`] }],
      provisioners: [{ type: 'shell', inline: [`echo "built over ${name}" > /motd`, 'cat /motd'] }],
      'post-processors': [{ type: 'docker-tag', repository: `local/${tag}`, tag: ['v1'] }],
    }),
  );
  return path;
}

const inspectLabel = (image: string) =>
  JSON.parse(execFileSync('docker', ['-H', podman.dockerHost, 'image', 'inspect', image], { encoding: 'utf8' }))[0].Config.Labels.via;

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as `docker` expects them in DOCKER_CERT_PATH. */
function makeCertificates(out: string, caName = 'pack test CA'): void {
  mkdirSync(out, { recursive: true });
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: out, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=${caName}`);
  writeFileSync(join(out, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(out, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subj] of [['server', '/CN=127.0.0.1'], ['client', '/CN=pack']] as const) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subj);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
  // The names the Docker CLI looks for: ca.pem, cert.pem, key.pem.
  writeFileSync(join(out, 'cert.pem'), readFileSync(join(out, 'client.pem')));
  writeFileSync(join(out, 'key.pem'), readFileSync(join(out, 'client-key.pem')));
}

describe('DOCKER_HOST=tcp:// with TLS', () => {
  let server: Server;
  let port = 0;
  const certs = () => join(dir, 'certs');

  beforeAll(async () => {
    makeCertificates(certs());
    server = createServer(
      {
        key: readFileSync(join(certs(), 'server-key.pem')),
        cert: readFileSync(join(certs(), 'server.pem')),
        ca: readFileSync(join(certs(), 'ca.pem')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (tlsSocket) => {
        const engine = connect(podman.socket);
        tlsSocket.pipe(engine).pipe(tlsSocket);
        engine.on('error', () => tlsSocket.destroy());
        tlsSocket.on('error', () => engine.destroy());
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('builds, provisions and tags an image with the certificates of DOCKER_CERT_PATH', async () => {
    const r = await runPack(['build', '-color=false', template('tls', 'over-tls')], {
      env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs() },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(stripAnsi(r.stdout)).toContain('docker: built over tls');
    expect(inspectLabel('local/over-tls:v1')).toBe('tls');
  });

  it('refuses an engine whose certificate another CA signed, saying what to check', async () => {
    const other = join(dir, 'other-ca');
    makeCertificates(other, 'another CA');
    const r = await runPack(['build', template('tls-wrong-ca', 'never')], {
      env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: other },
    });
    const all = stripAnsi(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(all).toContain(`TLS with the Docker engine at DOCKER_HOST=tcp://127.0.0.1:${port} failed`);
    expect(all).toContain('DOCKER_CERT_PATH');
    expect(all).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  it('names the certificate file that is missing', async () => {
    const r = await runPack(['build', template('tls-missing', 'never')], {
      env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(dir, 'no-certs') },
    });
    expect(r.code).toBe(1);
    expect(stripAnsi(r.stdout + r.stderr)).toContain(`needs ${join(dir, 'no-certs', 'ca.pem')}: ENOENT`);
  });
});

describe('DOCKER_HOST=ssh://', () => {
  let sshd: SshServer;
  let bin: string;

  beforeAll(async () => {
    sshd = await startSshd({ config: ['PermitUserEnvironment yes'] });
    // On the far side, `docker system dial-stdio` reaches Podman through the user's DOCKER_HOST.
    mkdirSync(join(sshd.dir, '.ssh'), { recursive: true });
    writeFileSync(join(sshd.dir, '.ssh', 'environment'), `DOCKER_HOST=${podman.dockerHost}\nPATH=/usr/bin:/bin\n`);
    // On this side, the user's own ssh: here with a config naming the test key and accepting the loopback host key.
    bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(dir, 'ssh_config'),
      [`Host 127.0.0.1`, `  IdentityFile ${sshd.privateKeyPath}`, '  IdentitiesOnly yes', '  UserKnownHostsFile /dev/null', '  StrictHostKeyChecking no', '  LogLevel ERROR', ''].join('\n'),
    );
    writeFileSync(join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${join(dir, 'ssh_config')} "$@"\n`);
    chmodSync(join(bin, 'ssh'), 0o755);
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('builds, provisions and tags an image through ssh and docker system dial-stdio', async () => {
    const r = await runPack(['build', '-color=false', template('ssh', 'over-ssh')], {
      env: { DOCKER_HOST: `ssh://${sshd.user}@127.0.0.1:${sshd.port}`, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(stripAnsi(r.stdout)).toContain('docker: built over ssh');
    expect(inspectLabel('local/over-ssh:v1')).toBe('ssh');
  });

  it("says what ssh said when it cannot log in", async () => {
    const r = await runPack(['build', template('ssh-denied', 'never')], {
      env: { DOCKER_HOST: `ssh://nobody-here@127.0.0.1:${sshd.port}`, PATH: `${bin}:${process.env.PATH}` },
    });
    const all = stripAnsi(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(all).toContain(`Cannot reach a Docker engine through DOCKER_HOST=ssh://nobody-here@127.0.0.1:${sshd.port}: ssh to 127.0.0.1 failed`);
    expect(all).toMatch(/Permission denied/);
  });
});
