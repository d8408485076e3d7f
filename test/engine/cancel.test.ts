// SIGINT while a step runs, sent to real child processes: the running step sees it, its
// cleanup and the earlier steps' cleanups run (a second SIGINT does not cut them short), the
// build is reported cancelled and the exit code is non-zero.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runPack } from '../helpers/pack.js';
import { workdir } from './tools.js';

const wd = workdir();
let sent = false;
let child: import('node:child_process').ChildProcess | undefined;
afterAll(() => wd.remove());

describe('cancelling with SIGINT', () => {
  it('engine: cleans up the running and earlier steps in reverse, even through a second SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/engine/fixtures/cancel-child.ts')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (c) => {
        const before = out;
        out += c;
        if (!before.includes('run waiting') && out.includes('run waiting')) child.kill('SIGINT');
        if (!before.includes('cleanup first started') && out.includes('cleanup first started')) child.kill('SIGINT');
      });
      child.on('close', resolve);
    });
    const lines = out.trim().split('\n');
    expect(lines, err).toEqual([
      'run first',
      'run waiting',
      'log Cancelling build after receiving interrupt',
      'waiting saw the cancel',
      'cleanup waiting',
      'cleanup first started',
      'log Still cleaning up; please wait for the cleanups to finish (a third interrupt quits without them).',
      'cleanup first done',
      'build-end victim cancelled Build was cancelled.',
      'exit cancelled',
    ]);
    expect(code).toBe(1);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('pack build, %s: the running script is stopped, the build reported cancelled, no post-processor runs', async (sig) => {
    sent = false;
    const marker = join(wd.dir, `trapped-${sig}`);
    const post = join(wd.dir, `post-ran-${sig}`);
    const path = wd.write(`cancel-${sig}.json`, {
      builders: [{ type: 'null', name: 'x', communicator: 'none' }],
      provisioners: [
        {
          type: 'shell-local',
          inline: [`trap 'echo trapped > ${marker}; exit 1' TERM`, 'sleep 60 &', 'echo started', 'wait'],
        },
      ],
      'post-processors': [{ type: 'shell-local', inline: [`touch ${post}`] }],
    });
    const r = await runPack(['build', path], {
      cwd: wd.dir,
      onStdout: (_c, soFar) => {
        if (soFar.includes('x: started') && !sent) {
          sent = true;
          child?.kill(sig);
        }
      },
      onSpawn: (c) => (child = c),
    });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("Build 'x' errored after");
    expect(r.stdout).toContain('Build was cancelled.');
    expect(r.stdout).toContain('Cleanly cancelled builds after being interrupted.');
    expect(r.stdout).toContain(`Cancelling build after receiving ${sig === 'SIGINT' ? 'interrupt' : 'terminated'}`);
    expect(readFileSync(marker, 'utf8').trim()).toBe('trapped');
    expect(existsSync(post)).toBe(false);
  });

  it('pack build, SIGINT while the error-cleanup provisioner runs: it runs to its end, as Packer lets it (a cleanup)', async () => {
    sent = false;
    const journal = join(wd.dir, 'ecp.journal');
    const path = wd.write('ecp.json', {
      builders: [{ type: 'null', name: 'x', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: ['exit 3'] }],
      'error-cleanup-provisioner': {
        type: 'shell-local',
        inline: [`echo begins >> ${journal}`, 'echo cleaning', 'sleep 1', `echo ends >> ${journal}`],
      },
    });
    const r = await runPack(['build', path], {
      cwd: wd.dir,
      onStdout: (_c, soFar) => {
        if (soFar.includes('x: cleaning') && !sent) {
          sent = true;
          child?.kill('SIGINT');
        }
      },
      onSpawn: (c) => (child = c),
    });
    expect(sent).toBe(true);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(readFileSync(journal, 'utf8').trim().split('\n')).toEqual(['begins', 'ends']);
    expect(r.stdout).not.toContain('Error running the error-cleanup provisioner');
  });
});
