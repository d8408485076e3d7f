// A sensitive variable's value never reaches plain output, -machine-readable output, log
// files or the manifest, even when scripts print it and post-processors record it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPack } from '../helpers/pack.js';
import { workdir } from './tools.js';

const wd = workdir();
afterAll(() => wd.remove());

const SECRET = 'hunter2-very-secret-value';

const path = wd.write('secret.json', {
  variables: { token: SECRET, plain: 'visible-value' },
  'sensitive-variables': ['token'],
  builders: [{ type: 'null', name: 'x', communicator: 'none' }],
  provisioners: [
    {
      type: 'shell-local',
      environment_vars: ['TOKEN={{user `token`}}'],
      inline: ['echo "token is $TOKEN"', 'echo "again {{user `token`}}, {{user `plain`}}" >&2'],
    },
  ],
  'post-processors': [
    { type: 'manifest', output: 'manifest.json', custom_data: { token: '{{user `token`}}', plain: '{{user `plain`}}' } },
  ],
});

describe('sensitive values', () => {
  it('are masked in plain output, log files and the manifest', async () => {
    const r = await runPack(['build', '-log-dir=logs', path], { cwd: wd.dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const everything = [
      r.stdout,
      r.stderr,
      ...readdirSync(join(wd.dir, 'logs')).map((f) => readFileSync(join(wd.dir, 'logs', f), 'utf8')),
      readFileSync(join(wd.dir, 'manifest.json'), 'utf8'),
    ];
    for (const text of everything) expect(text).not.toContain(SECRET);
    // The lines are there, masked: the test would notice if nothing had been printed at all.
    expect(r.stdout).toContain('    x: token is <sensitive>');
    expect(r.stdout).toContain('==> x: again <sensitive>, visible-value');
    expect(readFileSync(join(wd.dir, 'logs', 'x.log'), 'utf8')).toContain('token is <sensitive>');
    const manifest = JSON.parse(readFileSync(join(wd.dir, 'manifest.json'), 'utf8'));
    expect(manifest.builds[0].custom_data).toEqual({ token: '<sensitive>', plain: 'visible-value' });
  });

  it('are masked in -machine-readable output', async () => {
    const r = await runPack(['build', '-machine-readable', path], { cwd: wd.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).toMatch(/,ui,message, {4}x: token is <sensitive>\n/);
  });
});

describe('sensitive HCL variables', () => {
  it('are masked in plain and machine-readable output', async () => {
    const hcl = wd.write(
      'secret.pkr.hcl',
      `variable "token" {
  type      = string
  default   = "${SECRET}"
  sensitive = true
}
source "null" "x" { communicator = "none" }
build {
  sources = ["source.null.x"]
  provisioner "shell-local" {
    inline = ["echo token=\${var.token}"]
  }
}
`,
    );
    for (const flags of [[], ['-machine-readable']]) {
      const r = await runPack(['build', ...flags, hcl], { cwd: wd.dir });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(r.stdout).toContain('null.x: token=<sensitive>');
    }
  });
});
