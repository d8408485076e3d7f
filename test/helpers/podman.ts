// Starts Podman's Docker-compatible API service on a temporary socket, with the configuration that
// works on these machines (../shared/reference/environment.md), and imports a busybox base image
// made from busybox-static, so no registry is needed. Installs nothing: a missing tool fails with its name.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack as tarPack, type Header } from 'tar-stream';
import { DockerClient, readAll } from '../../src/docker/client.js';

export const BASE_IMAGE = 'local/busybox:latest';
const BUSYBOX = '/bin/busybox';

export interface PodmanService {
  dir: string;
  socket: string;
  /** DOCKER_HOST value for this service. */
  dockerHost: string;
  client: DockerClient;
  /** Environment for child processes (DOCKER_HOST set). */
  env: NodeJS.ProcessEnv;
  /** Ids of every container, running or not. */
  containers(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Throws naming the tool (and its Debian package) when one is missing. */
export function requireTool(name: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error(`the tests need "${name}" (Debian package ${debianPackage}); .ci/run installs it`);
  return found;
}

export interface PodmanOptions {
  /** Registries (host:port) that may be reached over plain HTTP. */
  insecureRegistries?: string[];
}

export async function startPodman(opts: PodmanOptions = {}): Promise<PodmanService> {
  requireTool('podman', 'podman');
  requireTool('runc', 'runc');
  if (!existsSync(BUSYBOX)) throw new Error(`the tests need ${BUSYBOX} (Debian package busybox-static); .ci/run installs it`);

  const dir = mkdtempSync(join(tmpdir(), 'pack-podman-'));
  const socket = join(dir, 'podman.sock');
  writeFileSync(
    join(dir, 'containers.conf'),
    [
      '[containers]',
      'default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      `tmp_dir = "${dir}/tmp"`,
      `volume_path = "${dir}/volumes"`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'storage.conf'),
    ['[storage]', 'driver = "overlay"', `runroot = "${dir}/run"`, `graphroot = "${dir}/graph"`, ''].join('\n'),
  );
  const registries = ['unqualified-search-registries = []'];
  for (const r of opts.insecureRegistries ?? []) registries.push('[[registry]]', `location = "${r}"`, 'insecure = true');
  writeFileSync(join(dir, 'registries.conf'), registries.join('\n') + '\n');

  const podmanEnv = {
    ...process.env,
    CONTAINERS_CONF: join(dir, 'containers.conf'),
    CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'),
    CONTAINERS_REGISTRIES_CONF: join(dir, 'registries.conf'),
  };
  const log: string[] = [];
  const child: ChildProcess = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], {
    env: podmanEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

  const dockerHost = `unix://${socket}`;
  const client = new DockerClient({ socketPath: socket, url: dockerHost, source: 'DOCKER_HOST' });
  const stop = async () => {
    if (child.exitCode === null) {
      // Containers first, so that no mount stays behind in the storage folder.
      const ids = await listContainers(client).catch(() => []);
      for (const id of ids) await client.call('DELETE', `/containers/${id}`, { query: { force: true } }).catch(() => {});
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    killLeftovers(dir);
    spawnSync('podman', ['system', 'reset', '--force'], { env: podmanEnv, stdio: 'ignore' });
    spawnSync('sh', ['-c', `grep -o ' ${dir}[^ ]*' /proc/mounts | sort -r | xargs -r umount -l`], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForPing(client, child, log);
    await importBusybox(client);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    dir,
    socket,
    dockerHost,
    client,
    env: { ...process.env, DOCKER_HOST: dockerHost },
    containers: () => listContainers(client),
    stop,
  };
}

/**
 * Podman leaves a conmon per exec session for minutes after it ended (--exit-delay 300). They
 * belong to this service (their command lines name its folder): end them by pid.
 */
function killLeftovers(dir: string): void {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(`${dir}/`)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

async function listContainers(client: DockerClient): Promise<string[]> {
  const list = await client.json<{ Id: string }[]>('GET', '/containers/json', { query: { all: true } });
  return list.map((c) => c.Id);
}

async function waitForPing(client: DockerClient, child: ChildProcess, log: string[]): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`podman system service exited (${child.exitCode}):\n${log.join('')}`);
    try {
      await client.ping();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`podman system service did not answer within 30 s:\n${log.join('')}`);
}

/** A tar of a tiny root filesystem: busybox-static and a symlink per applet. */
export async function busyboxRootfs(): Promise<Buffer> {
  const applets = spawnSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const tar = tarPack();
  const entry = (h: Partial<Header> & { name: string }, body?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (body) tar.entry(h, body, cb);
      else tar.entry(h, cb);
    });
  const collected = readAll(tar as unknown as AsyncIterable<Buffer>);
  for (const d of ['bin', 'etc', 'tmp', 'root', 'home', 'var', 'usr', 'usr/bin']) {
    await entry({ name: d, type: 'directory', mode: d === 'tmp' ? 0o1777 : 0o755 });
  }
  await entry({ name: 'bin/busybox', mode: 0o755 }, readFileSync(BUSYBOX));
  for (const a of applets) if (a !== 'busybox') await entry({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' });
  await entry({ name: 'etc/passwd', mode: 0o644 }, Buffer.from('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/sh\n'));
  await entry({ name: 'etc/group', mode: 0o644 }, Buffer.from('root:x:0:\nnogroup:x:65534:\n'));
  tar.finalize();
  return collected;
}

async function importBusybox(client: DockerClient): Promise<void> {
  const rootfs = await busyboxRootfs();
  const messages = await client.progress('POST', '/images/create', {
    query: { fromSrc: '-' },
    body: rootfs,
    headers: { 'Content-Type': 'application/x-tar' },
  });
  const id = [...messages].reverse().find((m) => m.status)?.status?.trim();
  if (!id) throw new Error(`importing the busybox rootfs gave no image id: ${JSON.stringify(messages)}`);
  // images/create?fromSrc=- ignores tag= on Podman: tag afterwards.
  await client.call('POST', `/images/${encodeURIComponent(id)}/tag`, { query: { repo: 'local/busybox', tag: 'latest' } });
  // Also under the name templates/docker.yaml starts from, so the starter builds here without a registry.
  await client.call('POST', `/images/${encodeURIComponent(id)}/tag`, { query: { repo: 'docker.io/library/busybox', tag: 'latest' } });
}
