// A required variable nobody gave: asked for in a terminal (masked when sensitive), then the
// dashboard runs with it; without a terminal, the same error as ever.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TmuxTerminal } from './tmux.js';
import { runPack } from '../helpers/pack.js';

const PACK = resolve('bin/pack');
const TEMPLATE = {
  variables: { greeting: null, user_pass: null },
  'sensitive-variables': ['user_pass'],
  builders: [{ type: 'null', communicator: 'none' }],
  provisioners: [{ type: 'shell-local', inline: ['echo "{{user `greeting`}} / {{user `user_pass`}}"', "echo '{{user `user_pass`}}' > secret.out"] }],
};

let dir = '';
let term: TmuxTerminal | undefined;
afterEach(() => {
  term?.close();
  term = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function setupDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'pack-ask-vars-'));
  writeFileSync(join(dir, 'vars.json'), JSON.stringify(TEMPLATE));
  return dir;
}

describe('required variables not given', () => {
  it('are asked for in a terminal, the sensitive one masked, and the build uses them', async () => {
    const cwd = setupDir();
    term = new TmuxTerminal(cwd, 100, 30);
    term.run(`node ${PACK} build -log-dir logs vars.json; echo EXIT=$?`);
    await term.waitFor(/var\.greeting\s+Enter a value:/);
    term.type('hello there');
    term.keys('Enter');
    await term.waitFor(/var\.user_pass\s+Enter a value:/);
    term.type('hunter2-secret');
    const typed = await term.waitFor(/Enter a value: •{14}/);
    expect(typed).not.toContain('hunter2');
    term.keys('Enter');
    const end = await term.waitFor(/EXIT=\d+/);
    expect(end).toContain('EXIT=0');
    expect(end).not.toContain('hunter2');
    expect(readFileSync(join(cwd, 'secret.out'), 'utf8')).toBe('hunter2-secret\n');
    const log = readFileSync(join(cwd, 'logs', 'null.log'), 'utf8');
    expect(log).toContain('hello there / <sensitive>');
    expect(log).not.toContain('hunter2');
  });

  it('with CI set, even in a terminal (a CI job with a pty has nobody to type), are the error, not a question', async () => {
    const cwd = setupDir();
    term = new TmuxTerminal(cwd, 100, 30);
    term.run(`CI=true node ${PACK} build vars.json; echo EXIT=$?`);
    const end = await term.waitFor(/EXIT=\d+/, 20_000);
    expect(end).toContain('EXIT=1');
    expect(end).toContain('required variable "greeting" is not set');
    expect(end).not.toContain('Enter a value');
  });

  it('without a terminal are the same clear error as ever', async () => {
    const cwd = setupDir();
    const r = await runPack(['build', 'vars.json'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`required variable "greeting" is not set: give it with -var 'greeting=VALUE', -var-file or PKR_VAR_greeting`);
    expect(r.stderr).not.toContain('Enter a value');
  });
});
