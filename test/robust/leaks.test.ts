// Issue #17, leaks: every way out runs the cleanups. Ctrl-C during a docker upload (Podman),
// a closed stdout (`pack build | head`), a full disk under -log-dir and under compress's
// output (tmpfs), and a force-quit that lists what it leaves behind.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PACK_BIN, runPack } from '../helpers/pack.js';
import { BASE_IMAGE, requireTool, startPodman, type PodmanService } from '../helpers/podman.js';
import { TmuxTerminal } from '../dashboard/tmux.js';
import { ensureGuest } from '../fixtures/guest/guest.js';
import { retryUntil } from '../helpers/until.js';
import { expectEndedAfterSignal, expectNoCrash, expectTmpEmpty, runSignalled, scratch } from './tools.js';

const s = scratch();
let podman: PodmanService;

beforeAll(async () => {
  requireTool('docker', 'docker.io');
  podman = await startPodman();
  // Big enough that the upload is still running when the signal comes.
  execFileSync('sh', ['-c', `head -c 150000000 /dev/zero > ${join(s.dir, 'big.bin')}`]);
});
afterAll(async () => {
  await podman?.stop();
  s.remove();
});
// Each case checks the TMPDIR it leaves; one case's leftovers must not fail the next ones too.
afterEach(() => emptyFolder(s.tmp));

function emptyFolder(dir: string) {
  for (const f of readdirSync(dir)) execFileSync('rm', ['-rf', join(dir, f)]);
}

function dockerTemplate(name: string, extra: Record<string, unknown> = {}) {
  return s.write(name, {
    builders: [{ type: 'docker', image: BASE_IMAGE, pull: false, discard: true }],
    provisioners: [{ type: 'file', source: 'big.bin', destination: '/tmp/big.bin' }],
    ...extra,
  });
}

describe('Ctrl-C during a docker upload', () => {
  it('no stack trace, no container left, no pack-build-* temp folder left', async () => {
    const before = await podman.containers();
    const path = dockerTemplate('upload.json');
    const r = await runSignalled(s, ['build', path], { when: 'Uploading big.bin', signal: 'SIGINT', env: { DOCKER_HOST: podman.dockerHost } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('Cancelling build after receiving interrupt');
    expect(r.stdout + r.stderr).not.toContain('tar entry destroyed');
    expectEndedAfterSignal(r);
    expectNoCrash(r);
    expect(await podman.containers()).toEqual(before);
    expectTmpEmpty(s);
  });
});

describe('the engine dying during a docker upload', () => {
  it('the build fails with a message naming the engine, no stack trace, no temp left', async () => {
    // An engine of its own, killed (SIGKILL) as soon as the upload starts.
    const dying = await startPodman();
    try {
      const path = dockerTemplate('dying.json');
      let killed = false;
      const r = await runPack(['build', path], {
        cwd: s.dir,
        env: { TMPDIR: s.tmp, CI: 'true', DOCKER_HOST: dying.dockerHost },
        timeoutMs: 60_000,
        onStdout: (_c, soFar) => {
          if (!killed && soFar.includes('Uploading big.bin')) {
            killed = true;
            execFileSync('pkill', ['-KILL', '-f', `podman system service .*${dying.socket}`]);
          }
        },
      });
      expect(killed, 'the upload never started').toBe(true);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain(`Cannot reach a Docker engine through DOCKER_HOST=${dying.dockerHost}`);
      expect(r.stdout + r.stderr).not.toContain('tar entry destroyed');
      expectNoCrash(r);
      expectTmpEmpty(s);
    } finally {
      await dying.stop();
    }
  });
});

describe('Ctrl-C during a docker export', () => {
  it('stops within the bound, leaves no container, no partial export, no temp', async () => {
    const before = await podman.containers();
    const path = dockerTemplate('export.json', {
      builders: [{ type: 'docker', image: BASE_IMAGE, pull: false, export_path: 'image.tar' }],
    });
    const r = await runSignalled(s, ['build', path], { when: 'Exporting the container', signal: 'SIGINT', env: { DOCKER_HOST: podman.dockerHost } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expectEndedAfterSignal(r);
    expectNoCrash(r);
    expect(readdirSync(s.dir).filter((f) => f.includes('image.tar'))).toEqual([]);
    expect(await podman.containers()).toEqual(before);
    expectTmpEmpty(s);
  });
});

describe('a closed stdout', () => {
  it('`pack build | head -1` cancels the run, removes the container and exits non-zero', async () => {
    const before = await podman.containers();
    const path = dockerTemplate('head.json');
    // A real pipe into head: pack's exit status is the first of PIPESTATUS.
    const out = execFileSync('bash', ['-c', `node ${PACK_BIN} build ${path} | head -1; echo "status=\${PIPESTATUS[0]}"`], {
      cwd: s.dir,
      env: { ...process.env, TMPDIR: s.tmp, CI: 'true', DOCKER_HOST: podman.dockerHost },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(out).toMatch(/status=1$/m);
    expect(await podman.containers()).toEqual(before);
    expectTmpEmpty(s);
  });
});

describe('a closed stdout while a QEMU machine runs (TCG)', () => {
  it('cancels: QEMU stopped, its key pair and temp files removed, exit 1', async () => {
    const guest = ensureGuest();
    const path = s.write('qemu-pipe.json', {
      builders: [{
        type: 'qemu', name: 'piped', communicator: 'ssh', ssh_username: 'root', ssh_password: 'never-used', ssh_timeout: '10m',
        iso_url: guest.iso, iso_checksum: 'none', accelerator: 'tcg', headless: true, memory: 256, boot_wait: '8s', disk_size: '16M',
      }],
    });
    // grep -m1 stops reading (closes the pipe) at the line that says QEMU runs.
    const out = execFileSync('bash', ['-c', `node ${PACK_BIN} build -color=false ${path} | grep -m1 'Qemu started'; echo "status=\${PIPESTATUS[0]}"`], {
      cwd: s.dir,
      env: { ...process.env, TMPDIR: s.tmp, CI: 'true' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out).toMatch(/status=1$/m);
    const pid = Number(/Qemu started \(pid (\d+)\)/.exec(out)?.[1]);
    expect(pid, out).toBeGreaterThan(0);
    // pack exited after its cleanups: QEMU must be gone already.
    expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(join(s.dir, 'output-piped'))).toBe(false);
    expectTmpEmpty(s);
  }, 180_000);
});

describe('a force-quit (a third Ctrl-C)', () => {
  it('says what it leaves behind: the container id and the temp folder', async () => {
    const before = await podman.containers();
    // A step that will not stop: the script and its sleep ignore SIGTERM (inherited across exec).
    const path = dockerTemplate('force.json', {
      provisioners: [{ type: 'shell-local', inline: ["trap '' TERM", 'echo started', 'sleep 60'] }],
    });
    const child = spawn(process.execPath, [PACK_BIN, 'build', path], {
      cwd: s.dir,
      env: { ...process.env, TMPDIR: s.tmp, CI: 'true', DOCKER_HOST: podman.dockerHost },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const sent = new Set<string>();
    const once = (key: string, fn: () => void) => {
      if (!sent.has(key)) {
        sent.add(key);
        fn();
      }
    };
    let quitAt = 0;
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.stdout.on('data', (c) => {
        out += c;
        if (out.includes('docker: started')) {
          // Apart, so the kernel cannot merge them into one.
          once('signals', () => {
            child.kill('SIGINT');
            setTimeout(() => child.kill('SIGINT'), 300);
            setTimeout(() => {
              quitAt = Date.now();
              child.kill('SIGINT');
            }, 600);
          });
        }
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, out + err).toBe(130);
    expect(Date.now() - quitAt).toBeLessThan(10_000);
    const left = await podman.containers();
    const extra = left.filter((id) => !before.includes(id));
    expect(extra.length).toBe(1);
    expect(err).toContain('Left behind:');
    expect(err).toContain(`docker container ${extra[0]}`);
    expect(err).toMatch(new RegExp(`path ${s.tmp}/pack-build-\\w+`));
    const group = /process group (\d+) \(shell-local/.exec(err)?.[1];
    expect(group, err).toBeDefined();
    process.kill(-Number(group), 'SIGKILL');
    // Tidy up what the force-quit left, as the message says.
    execFileSync('docker', ['-H', podman.dockerHost, 'rm', '-f', extra[0]], { stdio: 'ignore' });
    for (const f of readdirSync(s.tmp)) execFileSync('rm', ['-rf', join(s.tmp, f)]);
  });
});

describe('closing the terminal (tmux kill-session: SIGHUP)', () => {
  it('the running build is cancelled and cleaned up: its container removed, no temp left, no process left', async () => {
    const before = await podman.containers();
    const marker = join(s.dir, 'hup-ready');
    const path = dockerTemplate('hup.json', {
      provisioners: [{ type: 'shell-local', inline: [`touch ${marker}`, 'sleep 30'] }],
    });
    const term = new TmuxTerminal(s.dir);
    try {
      term.run(`TMPDIR=${s.tmp} DOCKER_HOST=${podman.dockerHost} node ${PACK_BIN} build -log-dir=${s.dir}/hup-logs ${path} 2>${s.dir}/hup-err.txt`);
      await retryUntil(() => expect(existsSync(marker)).toBe(true), 30_000);
    } finally {
      term.close();
    }
    // Cleanup is done when the temp folder is empty and pack has exited (hang guard: 10 s).
    const seen = () => ['hup-err.txt', 'hup-logs/docker.log'].map((f) => (existsSync(join(s.dir, f)) ? readFileSync(join(s.dir, f), 'utf8') : '')).join('\n');
    await retryUntil(() => {
      expect(readdirSync(s.tmp), seen()).toEqual([]);
      // "[.]json": the pattern must not match the shell running pgrep itself.
      const pattern = path.replace(/\.json$/, '[.]json');
      expect(execFileSync('sh', ['-c', `pgrep -f '${pattern}' || true`], { encoding: 'utf8' }).trim()).toBe('');
    }, 10_000);
    expect(await podman.containers()).toEqual(before);
  });
});

describe('a full disk (tmpfs)', () => {
  const full = join(s.dir, 'full');
  beforeAll(() => {
    mkdirSync(full);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', full]);
  });
  afterAll(() => {
    execFileSync('umount', [full]);
  });
  // A failed case leaves its filler: the next case must start on an empty tmpfs of its own.
  afterEach(() => emptyFolder(full));

  it('under -log-dir: a message naming the log file, cleanups run, exit 1, no stack trace', async () => {
    // Fill the tmpfs almost completely so that the log's first lines already fail.
    execFileSync('sh', ['-c', `head -c 1048576 /dev/zero > ${join(full, 'filler') } || true`]);
    const path = s.write('full-log.json', {
      builders: [{ type: 'null', name: 'fl', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: ['echo a line that goes to the log'] }],
    });
    const r = await runSignalled(s, ['build', `-log-dir=${join(full, 'logs')}`, path]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`cannot (write|create the folder) ${full}/logs.*(disk is full|ENOSPC)`));
    expectNoCrash(r);
    expectTmpEmpty(s);
    execFileSync('rm', ['-rf', join(full, 'filler'), join(full, 'logs')]);
  });

  it('fmt -write and the manifest on a full disk: a message naming the file, the file intact, no temp left', async () => {
    const tpl = join(full, 'fmt.json');
    writeFileSync(tpl, '{"builders":[{"type":"null","communicator":"none"}]}');
    writeFileSync(join(full, 'packer-manifest.json'), '{"builds":[],"last_run_uuid":""}');
    execFileSync('sh', ['-c', `head -c 1048576 /dev/zero > ${join(full, 'filler')} || true`]);
    const r = await runSignalled(s, ['fmt', tpl]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot write ${tpl}: the disk is full (ENOSPC)`);
    expect(readFileSync(tpl, 'utf8')).toBe('{"builders":[{"type":"null","communicator":"none"}]}');
    expectNoCrash(r);
    const path = s.write('full-manifest.json', {
      builders: [{ type: 'null', communicator: 'none' }],
      'post-processors': [{ type: 'manifest', output: join(full, 'packer-manifest.json') }],
    });
    const m = await runSignalled(s, ['build', path]);
    expect(m.code).toBe(1);
    expect(m.stdout).toContain(`cannot write ${join(full, 'packer-manifest.json')}: the disk is full (ENOSPC)`);
    expect(readFileSync(join(full, 'packer-manifest.json'), 'utf8')).toBe('{"builds":[],"last_run_uuid":""}');
    expectNoCrash(m);
    execFileSync('rm', ['-f', join(full, 'filler')]);
    expect(readdirSync(full).sort()).toEqual(['fmt.json', 'packer-manifest.json']);
    execFileSync('rm', ['-f', tpl, join(full, 'packer-manifest.json')]);
  });

  it('compress to a full disk: a message naming the output, no temp file left, the input kept', async () => {
    execFileSync('sh', ['-c', `head -c 3000000 /dev/urandom > ${join(s.dir, 'random.bin')}`]);
    const path = s.write('full-compress.json', {
      builders: [{ type: 'file', source: 'random.bin', target: 'random-out.bin' }],
      'post-processors': [{ type: 'compress', output: join(full, 'out.tar.gz') }],
    });
    const r = await runSignalled(s, ['build', path]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`cannot write ${join(full, 'out.tar.gz')}: the disk is full (ENOSPC)`);
    expect(readdirSync(full)).toEqual([]);
    expect(statSync(join(s.dir, 'random-out.bin')).size).toBe(3_000_000);
    expectNoCrash(r);
    expectTmpEmpty(s);
  });
});
