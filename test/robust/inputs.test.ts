// Issue #17, hangs and blow-ups from inputs: a YAML alias bomb, an undefined alias, files that are
// not regular files (FIFO, /dev/zero, a folder, a symlink loop), -log-dir=/proc/x, and long chains
// of variables and locals (resolved in one walk, no stack overflow). Each ends quickly with one
// clear message; the time limits below are hang guards, not timing assertions.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACK_BIN, REPO_ROOT, runPack } from '../helpers/pack.js';
import { expectNoCrash, scratch } from './tools.js';
import { resolveLegacyVariables } from '../../src/template/prepare-legacy.js';
import { resolveInOrder } from '../../src/template/resolve-order.js';
import type { Template } from '../../src/template/model.js';

const s = scratch();
afterAll(() => s.remove());
const pack = (args: string[]) => runPack(args, { cwd: s.dir, env: { TMPDIR: s.tmp }, timeoutMs: 20_000 });

const BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat('bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`))
  .concat('builders: [{type: "null", communicator: none, x: *i}]')
  .join('\n');

describe('YAML aliases', () => {
  it.each(['validate', 'fmt', 'inspect'])('%s: an alias bomb is refused at once with a clear message', async (cmd) => {
    const path = s.write(`bomb-${cmd}.yaml`, BOMB + '\n');
    const r = await pack([cmd, path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the aliases expand beyond pack');
    expectNoCrash(r);
  });

  it.each(['validate', 'fmt', 'inspect'])('%s: an undefined alias (builders: *nope) is one clear message at its place', async (cmd) => {
    const path = s.write(`nope-${cmd}.yaml`, 'builders: *nope\n');
    const r = await pack([cmd, path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`nope-${cmd}.yaml:1:11: YAML: the alias *nope refers to no anchor`);
    expectNoCrash(r);
  });

  it('100,000 nested lists: a message with the place, not V8\'s stack overflow', async () => {
    const path = s.write('deep.yaml', `builders: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const r = await pack(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deep\.yaml:1:\d+: YAML syntax error: the YAML nests too deeply/);
    expect(r.stderr).not.toContain('Maximum call stack');
    expectNoCrash(r);
  });

  it('an anchor reused more often than the yaml default (100) is fine', async () => {
    const lines = ['base: &b {type: "null", communicator: none}', 'builders:'];
    for (let i = 0; i < 150; i++) lines.push(`  - {type: "null", communicator: none, name: n${i}, x: *b}`);
    const path = s.write('reuse.yaml', lines.join('\n') + '\n');
    const r = await pack(['validate', path]);
    // x is an unknown key: the point is that the aliases were accepted, not the builder.
    expect(r.stderr).not.toContain('aliases expand');
  });
});

describe('files that are not regular files', () => {
  const fifo = join(s.dir, 'fifo.json');
  execFileSync('mkfifo', [fifo]);
  symlinkSync('/dev/zero', join(s.dir, 'zero.json'));
  mkdirSync(join(s.dir, 'adir.json'));
  symlinkSync('loop.json', join(s.dir, 'loop.json'));
  const ok = s.write('ok.json', { builders: [{ type: 'null', communicator: 'none' }] });

  it.each([
    ['a FIFO as template', ['validate', 'fifo.json'], 'template "fifo.json" is a FIFO (named pipe)'],
    ['a FIFO as -var-file', ['validate', '-var-file=fifo.json', ok], '-var-file "fifo.json" is a FIFO (named pipe)'],
    ['a template symlinked to /dev/zero', ['validate', 'zero.json'], 'template "zero.json" is a device'],
    ['a FIFO to fmt', ['fmt', 'fifo.json'], 'file "fifo.json" is a FIFO (named pipe)'],
    ['a folder as -var-file', ['validate', '-var-file=adir.json', ok], '-var-file "adir.json" is a folder'],
    ['a symlink loop as -var-file', ['validate', '-var-file=loop.json', ok], '-var-file "loop.json" is a loop of symbolic links'],
  ])('%s: refused without blocking', async (_what, args, message) => {
    const r = await pack(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expectNoCrash(r);
  });
});

describe('files and folders without read permission', () => {
  // As root every file is readable: run pack as nobody (setpriv) then, as any other user directly.
  const asUser = (args: string[]) => {
    const cmd = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
    return new Promise<{ code: number | null; stderr: string }>((done) => {
      const all = [...cmd, process.execPath, PACK_BIN, ...args];
      const child = spawn(all[0], all.slice(1), { cwd: locked, env: { ...process.env, HOME: locked, XDG_CACHE_HOME: join(locked, '.cache'), XDG_STATE_HOME: join(locked, '.state') } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => done({ code, stderr }));
    });
  };
  const locked = join(s.dir, 'locked');
  mkdirSync(join(locked, 'closed'), { recursive: true });
  mkdirSync(join(locked, 'open'));
  const hcl = 'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.a"]\n}\n';
  writeFileSync(join(locked, 'closed', 'a.pkr.hcl'), hcl);
  writeFileSync(join(locked, 'open', 'a.pkr.hcl'), hcl);
  writeFileSync(join(locked, 'secret.json'), '{"builders": [{"type": "null", "communicator": "none"}]}');
  chmodSync(join(locked, 'closed'), 0o000);
  chmodSync(join(locked, 'secret.json'), 0o000);
  chmodSync(locked, 0o777);
  chmodSync(s.dir, 0o755);

  it.each([
    ['a template folder', ['validate', 'closed'], 'template folder "closed" cannot be listed: permission denied'],
    ['a template folder to build', ['build', '-plain', 'closed'], 'template folder "closed" cannot be listed: permission denied'],
    ['a folder to fmt', ['fmt', 'closed'], 'folder "closed" cannot be listed: permission denied'],
    ['a file inside a closed folder to fmt', ['fmt', 'closed/a.pkr.hcl'], '"closed/a.pkr.hcl" cannot be read: permission denied'],
    ['a template file', ['validate', 'secret.json'], 'template "secret.json" cannot be read: permission denied'],
    ['a -var-file', ['validate', '-var-file=secret.json', 'open'], '-var-file "secret.json" cannot be read: permission denied'],
  ])('%s: one message, exit 1', async (_what, args, message) => {
    const r = await asUser(args);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(1);
  });
});

describe('-log-dir', () => {
  it('=/proc/x: refused at once (no recursive mkdir spinning), exit 1', async () => {
    const path = s.write('logdir.json', { builders: [{ type: 'null', communicator: 'none' }] });
    const r = await pack(['build', '-log-dir=/proc/x/y', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('-log-dir: cannot write logs in /proc/x/y: cannot create the folder');
    expectNoCrash(r);
  });
  // The same loop hid in every component that creates its output's folder: the build spun for ever.
  it.each([
    ['the file builder', { builders: [{ type: 'file', target: '/proc/x/y/out.txt', content: 'x' }] }],
    ['manifest', { builders: [{ type: 'null', communicator: 'none' }], 'post-processors': [{ type: 'manifest', output: '/proc/x/m.json' }] }],
    ['compress', { builders: [{ type: 'file', target: 'c.txt', content: 'x' }], 'post-processors': [{ type: 'compress', output: '/proc/x/c.tar.gz' }] }],
  ])('a component writing under /proc/x (%s): the build fails at once naming the folder, exit 1', async (what, template) => {
    const path = s.write(`proc-${what.replace(/\W+/g, '-')}.json`, template);
    const r = await pack(['build', '-color=false', path]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('cannot create the folder /proc/x');
    expectNoCrash(r);
  });
});

describe('variables and locals in dependency order', () => {
  const template = (variables: Record<string, string>): Template =>
    ({
      path: 't.json',
      dir: s.dir,
      format: 'json',
      builds: [],
      variables: Object.fromEntries(Object.entries(variables).map(([name, d]) => [name, { name, required: false, sensitive: false, default: d }])),
    }) as unknown as Template;

  it('a chain of 20,000 variables declared in reverse resolves (no stack overflow)', () => {
    const vars: Record<string, string> = {};
    for (let i = 19_999; i > 0; i--) vars[`v${i}`] = `{{user \`v${i - 1}\`}}`;
    vars.v0 = 'start';
    const { values, problems } = resolveLegacyVariables(template(vars), []);
    expect(problems).toEqual([]);
    expect(values.v19999).toBe('start');
  });

  it('a loop is reported, the others resolve', () => {
    const { values, problems } = resolveLegacyVariables(
      template({ a: '{{user `b`}}', b: '{{user `a`}}', c: 'plain', d: '{{user `c`}}!' }),
      [],
    );
    expect(problems.map((p) => p.message)).toContain('variables refer to each other in a loop');
    expect(values.d).toBe('plain!');
  });

  it('each value is attempted at most once more than it has dependencies', () => {
    const deps: Record<string, string[]> = { a: ['b', 'c'], b: ['c'], c: [] };
    const done = new Set<string>();
    const attempts: string[] = [];
    resolveInOrder(Object.keys(deps), (n) => n in deps, {
      attempt(n) {
        attempts.push(n);
        const need = deps[n].find((d) => !done.has(d));
        if (need) return { ok: false, dependency: need };
        done.add(n);
        return { ok: true };
      },
      loop: () => {
        throw new Error('no loop here');
      },
      missing: () => {
        throw new Error('nothing missing');
      },
    });
    expect(attempts).toEqual(['a', 'b', 'c', 'b', 'a']);
  });

  it('HCL: 2,000 chained locals validate', async () => {
    const lines = ['locals {', '  l0 = "start"'];
    for (let i = 1; i < 2000; i++) lines.push(`  l${i} = local.l${i - 1}`);
    lines.push('}', 'source "null" "x" {', '  communicator = "none"', '}', 'build {', '  sources = ["source.null.x"]', '}', '');
    const path = s.write('chain.pkr.hcl', lines.join('\n'));
    const r = await pack(['validate', path]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('HCL: a loop of locals and an undeclared local are reported', async () => {
    // The verdict fixture's loop, plus a local that names one nobody declared.
    const loop = readFileSync(join(REPO_ROOT, 'test/fixtures/templates/verdicts/reject/locals-loop.pkr.hcl'), 'utf8');
    const path = s.write('loop.pkr.hcl', loop.replace('locals {', 'locals {\n  c = local.nothere'));
    const r = await pack(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/local\.\w and local\.\w refer to each other in a loop/);
    expect(r.stderr).toContain('local.c refers to local.nothere, which is not declared');
  });
});
