// `pack build` with builds that run through Packer (Debian's Packer 1.6.6) beside native ones: a null
// builder over SSH (OpenSSH on loopback) with puppet-masterless (Debian's puppet), a failing build,
// Ctrl-C during one (and a second one during its cleanup), -except naming a post-processor, and no Packer
// at all. Needs `npm run build` first.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPack, stripAnsi } from '../helpers/pack.js';
import { startSshd, requireTool, type SshServer } from '../helpers/sshd.js';

let server: SshServer;
let dir: string;
/** pack's (and so Packer's) temp folder: what is left in it after a run is a leak. */
let tmp: string;

beforeAll(async () => {
  requireTool('/usr/bin/packer', 'packer');
  requireTool('/usr/bin/puppet', 'puppet');
  server = await startSshd();
  dir = mkdtempSync(join(tmpdir(), 'pack-packer-engine-'));
  tmp = join(dir, 'tmp');
  mkdirSync(tmp);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ TMPDIR: tmp, PACKER_BIN: undefined, CHECKPOINT_DISABLE: '1' });

function sshBuilder(name: string) {
  return {
    type: 'null',
    name,
    communicator: 'ssh',
    ssh_host: '127.0.0.1',
    ssh_port: server.port,
    ssh_username: server.user,
    ssh_private_key_file: server.privateKeyPath,
  };
}

/** Packer processes started for this test's templates (their command line names the folder). */
function packerProcessesLeft(): string[] {
  const left: string[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes('packer') && cmd.includes(dir)) left.push(cmd);
    } catch {
      /* ended meanwhile */
    }
  }
  return left;
}

test('a puppet-masterless build over SSH runs through Packer beside a native build: steps, log files, one manifest', async () => {
  writeFileSync(join(dir, 'site.pp'), 'notify { "hello from puppet": }\n');
  const path = join(dir, 'mixed.json');
  writeFileSync(
    path,
    JSON.stringify({
      variables: { token: null },
      'sensitive-variables': ['token'],
      builders: [sshBuilder('srv'), { type: 'null', name: 'local', communicator: 'none' }],
      provisioners: [
        { type: 'shell-local', inline: ['echo "token={{user `token`}} in $PACKER_BUILD_NAME"'] },
        { type: 'puppet-masterless', manifest_file: join(dir, 'site.pp'), prevent_sudo: true, only: ['srv'] },
      ],
      'post-processors': [{ type: 'manifest', output: join(dir, 'manifest.json') }],
    }),
  );
  const r = await runPack(['build', '-color=false', '-log-dir', join(dir, 'logs'), '-var', 'token=tok-2718-secret', path], { cwd: dir, env: env() });
  const out = stripAnsi(r.stdout);
  expect(r.code, out + r.stderr).toBe(0);
  // Packer's steps under the build's name, the native build's beside them.
  expect(out).toMatch(/==> srv: Running through Packer 1\.6\.6/);
  expect(out).toContain('==> srv: Connected to SSH!\n');
  expect(out).toContain('==> srv: Provisioning with Puppet...\n');
  expect(out).toMatch(/ {4}srv: .*Notice: hello from puppet/);
  expect(out).toContain('    local: token=<sensitive> in local\n');
  expect(out).toContain('    srv: token=<sensitive> in srv\n');
  expect(out).not.toContain('tok-2718-secret');
  expect(out).toMatch(/Build 'srv' finished after/);
  expect(out).toMatch(/Build 'local' finished after/);
  expect(out).toContain('--> srv: Did not export anything. This is the null builder');
  // A log file per build; the Packer build's names its steps with durations.
  const srvLog = readFileSync(join(dir, 'logs', 'srv.log'), 'utf8');
  expect(srvLog).toMatch(/step provision:1 started: puppet-masterless/);
  expect(srvLog).toMatch(/step provision:1 done after /);
  expect(srvLog).toMatch(/step packer:\d+ started: Connected to SSH!/);
  expect(srvLog).not.toContain('tok-2718-secret');
  expect(readFileSync(join(dir, 'logs', 'local.log'), 'utf8')).toContain('token=<sensitive> in local');
  // One manifest lists both builds (Packer 1.6.6 writes its own run id for its build).
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  expect(manifest.builds.map((b: { name: string }) => b.name).sort()).toEqual(['local', 'srv']);
  // The sensitive var file is gone, and so is Packer.
  expect(readdirSync(tmp).filter((f) => f.startsWith('pack-packer-'))).toEqual([]);
  expect(packerProcessesLeft()).toEqual([]);
});

test("a failing Packer build: Packer's error cleanup runs, the summary and exit code say so", async () => {
  const path = join(dir, 'fails.json');
  writeFileSync(
    path,
    JSON.stringify({
      builders: [sshBuilder('srv'), { type: 'null', name: 'local', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: ['if [ "$PACKER_BUILD_NAME" = srv ]; then exit 7; fi', 'echo fine'] }],
      'error-cleanup-provisioner': { type: 'shell-local', inline: ['echo "cleanup for $PACKER_BUILD_NAME"'] },
    }),
  );
  const r = await runPack(['build', '-color=false', '-engine=packer', '-only=srv', path], { cwd: dir, env: env() });
  const out = stripAnsi(r.stdout);
  expect(r.code, out + r.stderr).toBe(1);
  expect(out).toContain('    srv: cleanup for srv\n');
  expect(out).toMatch(/Build 'srv' errored after .*: Script exited with non-zero exit status: 7/);
  expect(out).toContain("==> Some builds didn't complete successfully and had errors:\n--> srv: Script exited with non-zero exit status: 7");
  expect(packerProcessesLeft()).toEqual([]);
});

test('Ctrl-C during a Packer build interrupts Packer, waits for it, and leaves no Packer process', async () => {
  const path = join(dir, 'slow.json');
  writeFileSync(
    path,
    JSON.stringify({
      builders: [{ type: 'null', name: 'slow', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: ['echo started', 'i=0; while [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done', 'echo finished'] }],
    }),
  );
  let sent = false;
  let pid = 0;
  const r = await runPack(['build', '-color=false', '-engine=packer', path], {
    cwd: dir,
    env: env(),
    onStdout(_chunk, soFar) {
      if (!sent && soFar.includes('slow: started')) {
        sent = true;
        process.kill(pid, 'SIGINT');
      }
    },
    onSpawn(child) {
      pid = child.pid!;
    },
  });
  const out = stripAnsi(r.stdout);
  expect(sent).toBe(true);
  expect(r.code, out + r.stderr).toBe(1);
  expect(out).not.toContain('slow: finished');
  expect(out).toMatch(/Build 'slow' errored after .*: Build was cancelled/);
  expect(out).toContain('Cleanly cancelled builds after being interrupted.');
  expect(packerProcessesLeft()).toEqual([]);
});

test("a second Ctrl-C during a Packer build's cleanup: like a terminal's, it reaches Packer's processes; Packer ignores it and finishes its cleanup; nothing is left", async () => {
  // Packer 1.6.6 acts on the first interrupt only; a later one is swallowed while the cleanup goes on,
  // and the processes in its group (here the docker CLI it runs) get it as from the terminal. A fake
  // docker CLI makes the docker builder's cleanup (kill, then rm) slow enough to interrupt.
  const bin = join(dir, 'fake-docker');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'docker.log');
  rmSync(log, { force: true });
  writeFileSync(
    join(bin, 'docker'),
    [
      '#!/bin/sh',
      `log=${log}`,
      'case "$1" in',
      '  -v) echo "Docker version 20.10.0, build 1" ;;',
      '  run) echo 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef ;;',
      '  kill|rm)',
      '    trap \'echo "$1 got an interrupt" >> $log\' INT',
      '    echo "$1 started" >> $log',
      '    i=0; while [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done',
      '    echo "$1 finished" >> $log ;;',
      'esac',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const path = join(dir, 'docker-cancel.json');
  writeFileSync(
    path,
    JSON.stringify({
      builders: [{ type: 'docker', name: 'dk', image: 'busybox', pull: false, discard: true, communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: ['echo started', 'i=0; while [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done', 'echo finished'] }],
    }),
  );
  const sent: string[] = [];
  let pid = 0;
  let poll: NodeJS.Timeout | undefined;
  const r = await runPack(['build', '-color=false', '-engine=packer', path], {
    cwd: dir,
    env: { ...env(), PATH: `${bin}:${process.env.PATH}`, PACKER_CONFIG_DIR: dir },
    onStdout(_chunk, soFar) {
      if (sent.length === 0 && soFar.includes('dk: started')) {
        sent.push('first');
        process.kill(pid, 'SIGINT');
        // The second once Packer's cleanup is under way.
        poll = setInterval(() => {
          if (existsSync(log) && readFileSync(log, 'utf8').includes('kill started')) {
            clearInterval(poll);
            sent.push('second');
            process.kill(pid, 'SIGINT');
          }
        }, 20);
      }
    },
    onSpawn(child) {
      pid = child.pid!;
    },
  });
  clearInterval(poll);
  const out = stripAnsi(r.stdout);
  expect(sent).toEqual(['first', 'second']);
  expect(r.code, out + r.stderr).toBe(1);
  // The second interrupt reached the group, and Packer went on: the kill finished, then the rm ran.
  expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual(['kill started', 'kill got an interrupt', 'kill finished', 'rm started', 'rm finished']);
  expect(out).toContain('Still cleaning up; please wait');
  expect(out).toMatch(/Build 'dk' errored after .*: Build was cancelled/);
  expect(out).toContain('Cleanly cancelled builds after being interrupted.');
  expect(out).not.toContain('dk: finished');
  expect(packerProcessesLeft()).toEqual([]);
});

test('-except naming a post-processor reaches Packer: the Packer build leaves it out, as packer build -except does', async () => {
  const path = join(dir, 'except-pp.json');
  writeFileSync(
    path,
    JSON.stringify({
      builders: [{ type: 'null', name: 'viapacker', communicator: 'none' }],
      'post-processors': [
        { type: 'shell-local', name: 'skipme', inline: ['echo PP-SKIPPED'] },
        { type: 'shell-local', name: 'keep', inline: ['echo PP-KEPT'] },
      ],
    }),
  );
  const r = await runPack(['build', '-color=false', '-engine=packer', '-except=skipme', path], { cwd: dir, env: env() });
  const out = stripAnsi(r.stdout);
  expect(r.code, out + r.stderr).toBe(0);
  expect(out).toContain('viapacker (shell-local): PP-KEPT');
  expect(out).not.toContain('PP-SKIPPED');
});

test('without Packer: one message names the components, the builds and the way forward; exit 1', async () => {
  const path = join(dir, 'needs.json');
  writeFileSync(
    path,
    JSON.stringify({
      builders: [
        { type: 'amazon-ebs', name: 'aws', region: 'eu-west-1', source_ami: 'ami-1', instance_type: 't3.micro', ssh_username: 'admin', ami_name: 'x' },
        { type: 'null', name: 'local', communicator: 'none' },
      ],
      provisioners: [{ type: 'powershell', inline: ['Write-Host hi'], only: ['aws'] }],
    }),
  );
  const empty = join(dir, 'empty-bin');
  mkdirSync(empty, { recursive: true });
  const r = await runPack(['build', path], { cwd: dir, env: { ...env(), PATH: empty } });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('needs Packer, which pack did not find');
  expect(r.stderr).toContain('build "aws": builder "amazon-ebs", provisioner "powershell"');
  expect(r.stderr).toContain('-except=aws');
  expect(r.stderr).not.toContain('local');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(join(dir, 'needs.json'))).toBe(true);
});

test('-engine=pack refuses a component only Packer has', async () => {
  const path = join(dir, 'refuse.json');
  writeFileSync(path, JSON.stringify({ builders: [{ type: 'null', communicator: 'none' }], provisioners: [{ type: 'windows-restart' }] }));
  const r = await runPack(['build', '-engine=pack', path], { cwd: dir, env: env() });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('the provisioner "windows-restart" is not supported by pack (-engine=pack)');
});

test('a YAML template runs through Packer as JSON written beside it (template_dir stays), removed afterwards', async () => {
  const yamlDir = join(dir, 'yaml');
  mkdirSync(yamlDir, { recursive: true });
  const path = join(yamlDir, 'y.yaml');
  writeFileSync(path, ['variables:', '  n: 3', 'builders:', '  - type: "null"', '    name: viapacker', '    communicator: none', 'provisioners:', '  - type: shell-local', '    inline: ["echo n={{user `n`}} dir={{template_dir}}"]', ''].join('\n'));
  const r = await runPack(['build', '-color=false', '-engine=packer', path], { cwd: dir, env: env() });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(stripAnsi(r.stdout)).toContain(`    viapacker: n=3 dir=${yamlDir}\n`);
  expect(readdirSync(yamlDir)).toEqual(['y.yaml']);
});

test('-on-error=ask is refused for a Packer build, which cannot ask while pack reads its lines', async () => {
  const { planPackerBuilds } = await import('../../src/packer-engine/index.js');
  const { loadTemplate } = await import('../../src/template/index.js');
  const path = join(dir, 'ask.json');
  writeFileSync(path, JSON.stringify({ builders: [{ type: 'null', name: 'w', communicator: 'none' }], provisioners: [{ type: 'windows-restart' }] }));
  const t = await loadTemplate(path);
  const opts = { engine: 'auto' as const, env: process.env, templatePath: path, vars: [], varFiles: [], onError: 'ask' as const, debug: false, force: false };
  await expect(planPackerBuilds(t, t.builds, opts)).rejects.toThrow(/-on-error=ask: "w" runs through Packer, which cannot ask .* Use -on-error=abort/);
  // The same template under -on-error=abort plans one Packer build and no native one.
  const plan = await planPackerBuilds(t, t.builds, { ...opts, onError: 'abort' });
  expect([plan.native.length, plan.packer.map((b) => b.def.name)]).toEqual([0, ['w']]);
});
