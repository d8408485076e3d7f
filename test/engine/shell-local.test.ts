// shell-local (provisioner and post-processor) options end to end through bin/pack.
import { afterAll, describe, expect, it } from 'vitest';
import { runPack } from '../helpers/pack.js';
import { workdir } from './tools.js';

const wd = workdir();
afterAll(() => wd.remove());

async function build(provisioners: unknown[], extra: Record<string, unknown> = {}) {
  const path = wd.write(`t${Math.random().toString(36).slice(2)}.json`, {
    builders: [{ type: 'null', name: 'x', communicator: 'none' }],
    provisioners,
    ...extra,
  });
  return runPack(['build', path], { cwd: wd.dir });
}

describe('shell-local', () => {
  it('runs scripts and scripts in order, with environment_vars, env and PACKER_* variables', async () => {
    const a = wd.write('a.sh', '#!/bin/sh\necho "a: $FOO / $PACKER_BUILD_NAME / $PACKER_BUILDER_TYPE"\n');
    const b = wd.write('b.sh', '#!/bin/sh\necho "b: $BAR"\n');
    const r = await build([
      { type: 'shell-local', scripts: [a, b], environment_vars: ["FOO=it's quoted"], env: { BAR: 'from env' } },
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`==> x: Running local shell script: ${a}\n    x: a: it's quoted / x / null\n`);
    expect(r.stdout).toContain(`==> x: Running local shell script: ${b}\n    x: b: from env\n`);
  });

  it('fills {{.Vars}} and {{.Script}} into execute_command', async () => {
    const r = await build([
      { type: 'shell-local', inline: ['echo hi'], environment_vars: ['K=v'], execute_command: ['/bin/sh', '-c', 'echo "vars=[{{.Vars}}]"; {{.Vars}} {{.Script}}'] },
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("    x: vars=[K='v' PACKER_BUILDER_TYPE='null' PACKER_BUILD_NAME='x' ]");
    expect(r.stdout).toContain('    x: hi');
  });

  it('accepts valid_exit_codes and reports others as Packer does', async () => {
    const ok = await build([{ type: 'shell-local', inline: ['exit 3'], valid_exit_codes: [0, 3] }]);
    expect(ok.code).toBe(0);
    const bad = await build([{ type: 'shell-local', inline: ['exit 4'], valid_exit_codes: [0, 3] }]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('Script exited with non-zero exit status: 4.Allowed exit codes are: [0 3]');
  });

  it('uses inline_shebang for inline commands', async () => {
    const r = await build([{ type: 'shell-local', inline_shebang: '/bin/bash -e', inline: ['echo "bash ${BASH_VERSION%%.*}"'] }]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ {4}x: bash \d+/);
  });

  it('runs as a post-processor with the build name and keeps the artifact', async () => {
    const r = await build([], { 'post-processors': [{ type: 'shell-local', inline: ['echo "post for $PACKER_BUILD_NAME"'] }] });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('==> x: Running post-processor: shell-local');
    expect(r.stdout).toContain('    x (shell-local): post for x');
    expect(r.stdout).toContain('--> x: Did not export anything. This is the null builder');
  });

  it('names a missing script in its error', async () => {
    const r = await build([{ type: 'shell-local', script: `${wd.dir}/missing.sh` }]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('missing.sh');
  });
});
