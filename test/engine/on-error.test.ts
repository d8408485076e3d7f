// Each -on-error mode end to end through bin/pack: a provisioner fails; the error-cleanup
// provisioner leaves a marker when it runs. "ask" is answered through a real terminal (tmux).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACK_BIN, runPack } from '../helpers/pack.js';
import { startPrivateTmux, stopPrivateTmux, workdir } from './tools.js';

const wd = workdir();
afterAll(() => wd.remove());

function failingTemplate(dir: string, name: string): string {
  return wd.write(`${name}.json`, {
    builders: [{ type: 'null', name: 'x', communicator: 'none' }],
    provisioners: [
      { type: 'shell-local', inline: [`echo first >> ${dir}/${name}.journal`] },
      // Fails the first time, succeeds when retried.
      {
        type: 'shell-local',
        inline: [`if [ -f ${dir}/${name}.tried ]; then echo second-try; exit 0; fi`, `touch ${dir}/${name}.tried`, 'exit 7'],
      },
    ],
    'error-cleanup-provisioner': { type: 'shell-local', inline: [`echo error-cleanup >> ${dir}/${name}.journal`] },
    'post-processors': [{ type: 'shell-local', inline: [`echo post >> ${dir}/${name}.journal`] }],
  });
}

/** The step cleanups the build's log file recorded. */
const cleanups = (name: string) => {
  const f = join(wd.dir, `logs-${name}`, 'x.log');
  return readFileSync(f, 'utf8')
    .split('\n')
    .flatMap((l) => /step (cleanup:\S+) started/.exec(l)?.[1] ?? []);
};

const journal = (name: string) => {
  const f = join(wd.dir, `${name}.journal`);
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n') : [];
};

describe('-on-error without a terminal', () => {
  it.each([
    ['cleanup', ['first', 'error-cleanup'], ['cleanup:connect']],
    ['run-cleanup-provisioner', ['first', 'error-cleanup'], []],
    ['abort', ['first'], []],
  ])('%s', async (mode, expected, stepCleanups) => {
    const path = failingTemplate(wd.dir, mode);
    const r = await runPack(['build', `-on-error=${mode}`, `-log-dir=logs-${mode}`, path], { cwd: wd.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Build 'x' errored after");
    expect(r.stdout).toContain('Script exited with non-zero exit status: 7');
    expect(journal(mode)).toEqual(expected);
    expect(cleanups(mode)).toEqual(stepCleanups);
  });

  it('ask is a clear error before anything runs', async () => {
    const path = failingTemplate(wd.dir, 'ask-no-tty');
    const r = await runPack(['build', '-on-error=ask', path], { cwd: wd.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('-on-error=ask needs a terminal');
    expect(journal('ask-no-tty')).toEqual([]);
  });

  it('rejects an unknown mode', async () => {
    const r = await runPack(['build', '-on-error=explode', failingTemplate(wd.dir, 'bad')], { cwd: wd.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"explode" is not one of cleanup, abort, ask, run-cleanup-provisioner');
  });
});

describe('-on-error=ask in a terminal', () => {
  const socket = `pack-engine-${process.pid}`;
  let tmux = '';
  beforeAll(() => {
    tmux = startPrivateTmux(socket);
  });
  afterAll(() => stopPrivateTmux(tmux, socket));

  async function askAndAnswer(name: string, key: string): Promise<string> {
    const path = failingTemplate(wd.dir, name);
    const done = join(wd.dir, `${name}.exit`);
    const cmd = `cd ${wd.dir} && ${process.execPath} ${PACK_BIN} build -plain -on-error=ask -log-dir=logs-${name} ${path}; echo $? > ${done}; sleep 600`;
    execFileSync(tmux, ['-L', socket, 'new-session', '-d', '-s', name, '-x', '200', '-y', '50', cmd]);
    const screen = () => execFileSync(tmux, ['-L', socket, 'capture-pane', '-p', '-t', name, '-S', '-100'], { encoding: 'utf8' });
    await waitFor(() => screen().includes('[r] retry step'), () => screen());
    execFileSync(tmux, ['-L', socket, 'send-keys', '-t', name, key, 'Enter']);
    await waitFor(() => existsSync(done), () => screen());
    const text = screen() + `\nEXIT=${readFileSync(done, 'utf8').trim()}`;
    execFileSync(tmux, ['-L', socket, 'kill-session', '-t', name]);
    return text;
  }

  it('c cleans up and exits', async () => {
    const out = await askAndAnswer('ask-c', 'c');
    expect(out).toContain("Build 'x' errored after");
    expect(out).toContain('EXIT=1');
    expect(journal('ask-c')).toEqual(['first', 'error-cleanup']);
    expect(cleanups('ask-c')).toEqual(['cleanup:connect']);
  });

  it('a aborts without cleanup', async () => {
    const out = await askAndAnswer('ask-a', 'a');
    expect(out).toContain('EXIT=1');
    expect(journal('ask-a')).toEqual(['first', 'error-cleanup']);
    expect(cleanups('ask-a')).toEqual([]);
  });

  it('r retries the step, which then succeeds', async () => {
    const out = await askAndAnswer('ask-r', 'r');
    expect(out).toContain('second-try');
    expect(out).toContain("Build 'x' finished after");
    expect(out).toContain('EXIT=0');
    expect(journal('ask-r')).toEqual(['first', 'error-cleanup', 'first', 'post']);
    expect(cleanups('ask-r')).toEqual(['cleanup:connect']);
  });
});

async function waitFor(cond: () => boolean, show: () => string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting; the terminal shows:\n${show()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
