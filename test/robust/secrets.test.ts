// Issue #17, secrets: every message, whichever path it takes (validate's and build's template
// errors that never reach the bus), is masked; secrets of any length; shell-local's script
// with substituted secrets is 0700 in a private 0700 folder and removed, also on SIGHUP.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPack } from '../helpers/pack.js';
import { expectEndedAfterSignal, expectNoCrash, expectTmpEmpty, runSignalled, scratch } from './tools.js';
import { Redactor } from '../../src/core/redact.js';

const s = scratch();
afterAll(() => s.remove());
const SECRET = 'hunter2x';

const leaky = {
  variables: { s: SECRET },
  'sensitive-variables': ['s'],
  builders: [{
    type: 'null', ssh_host: '127.0.0.1', ssh_username: 'u', ssh_password: 'pw-long-enough',
    ssh_port: '{{user `s`}}', ssh_timeout: '{{user `s`}}', ssh_private_key_file: '{{user `s`}}',
  }],
  provisioners: [
    { type: 'file', source: '{{user `s`}}', destination: '/tmp/x' },
    { type: 'shell', script: '{{user `s`}}' },
    { type: 'shell-local', script: '{{user `s`}}' },
  ],
};

describe('errors quoting a sensitive value', () => {
  it.each(['validate', 'build'])('%s: ssh_port, ssh_timeout, file source, shell and shell-local script are masked', async (cmd) => {
    const path = s.write(`leaky-${cmd}.json`, leaky);
    const r = await runPack([cmd, path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code).toBe(1);
    const all = r.stdout + r.stderr;
    for (const field of ['ssh_port', 'ssh_timeout', 'Bad source', 'Bad script', '(shell-local).script']) expect(all).toContain(field);
    expect(all).toContain('<sensitive>');
    expect(all).not.toContain(SECRET);
    expectNoCrash(r);
  });

  it.each(['validate', 'build'])('%s: ssh_private_key_file is masked', async (cmd) => {
    const path = s.write(`key-${cmd}.json`, {
      variables: { s: SECRET },
      'sensitive-variables': ['s'],
      builders: [{ type: 'null', ssh_host: '127.0.0.1', ssh_username: 'u', ssh_private_key_file: '{{user `s`}}' }],
    });
    const r = await runPack([cmd, path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ssh_private_key_file is invalid: <sensitive>');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('HCL: a sensitive variable quoted by an error is masked', async () => {
    const path = s.write('leaky.pkr.hcl', `variable "s" {
  type      = string
  default   = "${SECRET}"
  sensitive = true
}
source "null" "x" {
  ssh_host     = "127.0.0.1"
  ssh_username = "u"
  ssh_password = "pw-long-enough"
  ssh_port     = var.s
}
build {
  sources = ["source.null.x"]
}
`);
    const r = await runPack(['validate', path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ssh_port');
    expect(r.stderr).not.toContain(SECRET);
  });

  it("a short secret that is also in the template's file name masks what the problem says, not where it is", async () => {
    // ssh_password "ubuntu" (a password templates often use) is a secret; the file is ubuntu-22.04.json.
    const path = s.write('ubuntu-22.04.json', {
      builders: [{ type: 'null', ssh_host: '127.0.0.1', ssh_username: 'u', ssh_password: 'ubuntu', ssh_port: 'ubuntu' }],
    });
    const r = await runPack(['validate', path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\* \S*\/ubuntu-22\.04\.json:\d+:\d+: builders\[0\] \(null\)\.ssh_port: [^\n]*<sensitive>/);
    expect(r.stderr.replace(/^\t\* \S*\/ubuntu-22\.04\.json:/gm, '')).not.toContain('ubuntu');
  });

  it("pack's own advice is not masked by a secret that is a common word (ssh_password \"packer\")", async () => {
    const path = s.write('advice.pkr.hcl', `packer {
  required_plugins {
    amazon = {
      version = ">= 1.0.0"
      source  = "github.com/hashicorp/amazon"
    }
  }
}
variable "pw" {
  type      = string
  default   = "packer"
  sensitive = true
}
source "amazon-ebs" "x" {
  ssh_password = var.pw
}
build {
  sources = ["source.amazon-ebs.x"]
}
`);
    const r = await runPack(['validate', path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('need Packer 1.7 or later, and the Packer found is 1.6.6: install a newer Packer (or give its path with -packer=PATH)');
  });
});

describe('secrets of any length', () => {
  it('the redactor masks one- and two-character secrets, and never eats into a mask', () => {
    const r = new Redactor();
    r.add('s');
    r.add('ab');
    expect(r.redact('x s ab y')).toBe('x <sensitive> <sensitive> y');
  });

  it('the redactor masks strings deep in an event and leaves the event it was given as it was', () => {
    const r = new Redactor();
    r.add('pw1');
    const event = { type: 'run-end', n: 3, errors: [{ build: 'b', message: 'login pw1 failed' }], artifacts: [{ files: ['a', 'x-pw1'] }] };
    const out = r.redactDeep(event);
    expect(out).toEqual({ type: 'run-end', n: 3, errors: [{ build: 'b', message: 'login <sensitive> failed' }], artifacts: [{ files: ['a', 'x-<sensitive>'] }] });
    expect(event.errors[0]!.message).toBe('login pw1 failed');
    expect(event.artifacts[0]!.files).toEqual(['a', 'x-pw1']);
    // Nothing to mask: the same object, no copy (the per-line path).
    const clean = { type: 'log', text: 'nothing here', steps: [{ id: 'x' }] };
    expect(r.redactDeep(clean)).toBe(clean);
  });

  it('a two-character sensitive value never reaches the output, the log or the temp files', async () => {
    const path = s.write('short.json', {
      variables: { s: 'Q7' },
      'sensitive-variables': ['s'],
      builders: [{ type: 'null', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: ['echo the secret is {{user `s`}}'] }],
    });
    const r = await runPack(['build', '-log-dir=short-logs', path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('the secret is <sensitive>');
    expect(r.stdout).not.toContain('Q7');
    expect(readFileSync(join(s.dir, 'short-logs', 'null.log'), 'utf8')).not.toContain('Q7');
    expectTmpEmpty(s);
  });
});

describe("shell-local's script", () => {
  it('is 0700 in a private 0700 folder, and SIGHUP cancels the run, removes both and runs the cleanups', async () => {
    const path = s.write('hup.json', {
      variables: { s: SECRET },
      'sensitive-variables': ['s'],
      builders: [{ type: 'null', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: [`echo ${'{{user `s`}}'} > /dev/null`, 'echo ready', 'sleep 30'] }],
    });
    const r = await runSignalled(s, ['build', path], { when: /null: ready/, signal: 'SIGHUP' });
    // The script's path was printed; it must be gone now, its folder too.
    const script = /Running local shell script: (\S+)/.exec(r.stdout)?.[1];
    expect(script, r.stdout).toBeDefined();
    expect(dirname(script!).startsWith(s.tmp)).toBe(true);
    expect(existsSync(dirname(script!))).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Cancelling build after receiving hangup');
    expectEndedAfterSignal(r);
    expectNoCrash(r);
    expectTmpEmpty(s);
  });

  it('while it runs: the script is 0700 and its folder 0700', async () => {
    const path = s.write('modes.json', {
      builders: [{ type: 'null', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: ['stat -c "%a %n" "$(dirname "$0")" "$0"'], execute_command: ['/bin/sh', '-c', '{{.Vars}} /bin/sh {{.Script}}'] }],
    });
    const r = await runPack(['build', path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const modes = [...r.stdout.matchAll(/null: (\d{3}) (\S+)/g)].map((m) => m[1]);
    expect(modes).toEqual(['700', '700']);
    expect(readdirSync(s.tmp)).toEqual([]);
  });
});
