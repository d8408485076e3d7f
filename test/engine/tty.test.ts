// pack build -plain in a real terminal (tmux): colours unless -color=false or NO_COLOR, and
// -debug pauses after each step until Enter is pressed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACK_BIN } from '../helpers/pack.js';
import { startPrivateTmux, stopPrivateTmux, workdir } from './tools.js';

const wd = workdir();
const socket = `pack-tty-${process.pid}`;
let tmux = '';
beforeAll(() => {
  tmux = startPrivateTmux(socket);
});
afterAll(() => {
  stopPrivateTmux(tmux, socket);
  wd.remove();
});

const template = wd.write('t.json', {
  builders: [{ type: 'null', name: 'x', communicator: 'none' }],
  provisioners: [{ type: 'shell-local', inline: ['echo hello'] }],
});

function start(name: string, args: string, env = ''): { screen: () => string; exited: () => string | undefined } {
  const done = join(wd.dir, `${name}.exit`);
  const cmd = `cd ${wd.dir} && ${env} ${process.execPath} ${PACK_BIN} build ${args} ${template}; echo $? > ${done}; sleep 600`;
  execFileSync(tmux, ['-L', socket, 'new-session', '-d', '-s', name, '-x', '200', '-y', '50', cmd]);
  return {
    screen: () => execFileSync(tmux, ['-L', socket, 'capture-pane', '-e', '-p', '-t', name, '-S', '-100'], { encoding: 'utf8' }),
    exited: () => (existsSync(done) ? readFileSync(done, 'utf8').trim() : undefined),
  };
}

async function waitFor(cond: () => boolean, show: () => string): Promise<void> {
  const until = Date.now() + 30_000;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out; the terminal shows:\n${show()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('plain output in a terminal', () => {
  it('is coloured, one colour per build', async () => {
    const t = start('color', '-plain');
    await waitFor(() => t.exited() !== undefined, t.screen);
    expect(t.exited()).toBe('0');
    expect(t.screen()).toContain('\x1b[1m\x1b[32mx: output will be in this color.');
  });

  it.each([
    ['nocolor-flag', '-plain -color=false', ''],
    ['nocolor-env', '-plain', 'NO_COLOR=1'],
  ])('%s has no colour', async (name, args, env) => {
    const t = start(name, args, env);
    await waitFor(() => t.exited() !== undefined, t.screen);
    expect(t.exited()).toBe('0');
    const screen = t.screen();
    expect(screen).toContain('    x: hello');
    expect(screen).not.toContain('output will be in this color');
    expect(screen).not.toMatch(/\x1b\[[0-9;]*3[1-6]m/);
  });

  it('-debug pauses after each step until Enter', async () => {
    const t = start('debug', '-plain -debug -color=false');
    await waitFor(() => t.screen().includes("Pausing after run of step 'Connect (none)'"), t.screen);
    expect(t.screen()).not.toContain('    x: hello');
    expect(t.exited()).toBeUndefined();
    execFileSync(tmux, ['-L', socket, 'send-keys', '-t', 'debug', 'Enter']);
    await waitFor(() => t.exited() !== undefined, t.screen);
    expect(t.exited()).toBe('0');
    expect(t.screen()).toContain('    x: hello');
  });
});
