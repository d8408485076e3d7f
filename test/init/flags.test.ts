// Flags mode of `pack init`, through the real binary (run `npm run build` first), and the written templates
// through the real `pack validate` / `pack build` and, for Packer JSON and HCL2, through Packer 1.6.6 itself.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runPack } from '../helpers/pack.js';

const ACCEPTANCE = ['--yes', '--builder', 'null', '--communicator', 'none', '--provisioner', 'shell-local', '--post-processor', 'manifest'];

function packer(args: string[], cwd: string) {
  const r = spawnSync('packer', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new Error(`packer (the reference, apt package "packer") is needed by this test: ${r.error.message}`);
  return r;
}

describe('pack init flags mode', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pack-init-flags-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the acceptance template, which pack validate accepts and pack build runs', async () => {
    const init = await runPack(['init', ...ACCEPTANCE, '-o', 't.yaml'], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const doc = parse(readFileSync(join(dir, 't.yaml'), 'utf8'));
    expect(doc.builders).toEqual([{ type: 'null', communicator: 'none' }]);
    expect(doc.provisioners[0].type).toBe('shell-local');
    expect(doc.provisioners[0].inline.length).toBeGreaterThan(0);
    expect(doc['post-processors']).toEqual([{ type: 'manifest' }]);

    const validate = await runPack(['validate', 't.yaml'], { cwd: dir });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);

    const build = await runPack(['build', 't.yaml'], { cwd: dir, env: { CI: 'true' } });
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(build.stdout).toContain('hello from pack');
    expect(existsSync(join(dir, 'packer-manifest.json'))).toBe(true);
  });

  it('is used without --yes when stdin is not a terminal', async () => {
    const r = await runPack(['init', '--builder', 'null', '--communicator', 'none', '-o', 'notty.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(parse(readFileSync(join(dir, 'notty.yaml'), 'utf8')).builders[0].type).toBe('null');
  });

  it('is used on a terminal that cannot redraw (TERM=dumb): no wizard drawn as junk', async () => {
    // script(1) gives pack a real terminal for stdin and stdout, and records what it writes.
    const r = spawnSync('script', ['-qfec', `TERM=dumb ${process.execPath} ${join(process.cwd(), 'bin/pack')} init --builder null --communicator none -o dumb.yaml`, 'raw.txt'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '' }, timeout: 20_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const out = readFileSync(join(dir, 'raw.txt'), 'utf8');
    expect(out).toContain('Wrote dumb.yaml');
    expect(out).not.toContain('\x1b');
    expect(parse(readFileSync(join(dir, 'dumb.yaml'), 'utf8')).builders[0].type).toBe('null');
  });

  it('fails with exit 1 naming the --set keys of missing required values, and writes nothing', async () => {
    const r = await runPack(['init', '--yes', '--builder', 'docker', '-o', 'd.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--set builder.image=');
    // docker's cross-field rule: one of commit, discard, export_path
    expect(r.stderr).toContain('builder.commit');
    expect(r.stderr).not.toMatch(/at .*\.js/);
    expect(existsSync(join(dir, 'd.yaml'))).toBe(false);

    const ok = await runPack(['init', '--yes', '--builder', 'docker', '--set', 'builder.image=debian:bookworm',
      '--set', 'builder.commit=true', '-o', 'd.yaml'], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    const doc = parse(readFileSync(join(dir, 'd.yaml'), 'utf8'));
    expect(doc.builders[0]).toMatchObject({ type: 'docker', image: 'debian:bookworm', commit: true });
  });

  it('names the provisioner key and parses values by field type', async () => {
    const r = await runPack(['init', '--yes', '--builder', 'null', '--communicator', 'none', '--provisioner', 'shell-local',
      '--set', 'provisioner.0.inline=echo one', '--set', 'provisioner.0.inline=echo two',
      '--set', 'provisioner.0.valid_exit_codes=0, 3', '-o', 'p.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const doc = parse(readFileSync(join(dir, 'p.yaml'), 'utf8'));
    expect(doc.provisioners[0]).toEqual({ type: 'shell-local', inline: ['echo one', 'echo two'], valid_exit_codes: [0, 3] });

    const bad = await runPack(['init', '--yes', '--builder', 'null', '--communicator', 'ssh', '--set', 'communicator.ssh_username=root', '--set', 'communicator.ssh_port=twenty', '-o', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('ssh_port');
    expect(bad.stderr).toContain('not a number');
    expect(existsSync(join(dir, 'bad.yaml'))).toBe(false);
  });

  it('turns secrets given with --set into sensitive variables', async () => {
    const r = await runPack(['init', '--yes', '--builder', 'null', '--communicator', 'ssh', '--set', 'communicator.ssh_host=127.0.0.1',
      '--set', 'communicator.ssh_username=root', '--set', 'communicator.ssh_password=hunter2', '-o', 'secret.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'secret.json'), 'utf8'));
    expect(doc.builders[0].ssh_password).toBe('{{user `ssh_password`}}');
    // Never its value: the variable is required (null); the value goes to the 0600 var file.
    expect(doc.variables.ssh_password).toBeNull();
    // Asked for nothing more: the value is in no file at all, and the line says how to give it.
    expect(existsSync(join(dir, 'secret.secrets.json'))).toBe(false);
    expect(r.stdout).toContain('without the value of ssh_password (pack build asks for it in a terminal; or -var, PKR_VAR_)');
    expect(doc['sensitive-variables']).toEqual(['ssh_password']);
  });

  it('refuses to overwrite a file without --force, and overwrites with it', async () => {
    const file = join(dir, 'keep.yaml');
    writeFileSync(file, 'mine\n');
    const r = await runPack(['init', ...ACCEPTANCE, '-o', 'keep.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already exists');
    expect(r.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('mine\n');

    const f = await runPack(['init', ...ACCEPTANCE, '-o', 'keep.yaml', '--force'], { cwd: dir });
    expect(f.code, f.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('shell-local');
  });

  it('rejects unknown components and keys with a hint', async () => {
    const r = await runPack(['init', '--yes', '--builder', 'nul', '-o', 'u.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown builder "nul"');
    const p = await runPack(['init', '--yes', 'u.yaml'], { cwd: dir });
    expect(p.code).toBe(1);
    expect(p.stderr).toContain('-o FILE');
    const k = await runPack(['init', '--yes', '--builder', 'null', '--set', 'builder.nope=1', '-o', 'u.yaml'], { cwd: dir });
    expect(k.code).toBe(1);
    expect(k.stderr).toContain('has no field "nope"');
  });

  it('writes Packer JSON and HCL2 that Packer 1.6.6 validates', async () => {
    const json = await runPack(['init', ...ACCEPTANCE, '--set', 'provisioner.0.inline=echo "${HOME}"', '-o', 't.json'], { cwd: dir });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')).builders[0]).toEqual({ type: 'null', communicator: 'none' });
    const pj = packer(['validate', 't.json'], dir);
    expect(pj.status, pj.stdout + pj.stderr).toBe(0);

    const hcl = await runPack(['init', ...ACCEPTANCE, '--set', 'provisioner.0.inline=echo "${HOME}"', '-o', 't.pkr.hcl'], { cwd: dir });
    expect(hcl.code, hcl.stderr).toBe(0);
    const text = readFileSync(join(dir, 't.pkr.hcl'), 'utf8');
    expect(text).toContain('source "null" "null"');
    expect(text).toContain('$${HOME}');
    const ph = packer(['validate', 't.pkr.hcl'], dir);
    expect(ph.status, ph.stdout + ph.stderr).toBe(0);
    const vh = await runPack(['validate', 't.pkr.hcl'], { cwd: dir });
    expect(vh.code, vh.stderr).toBe(0);

    // The file builder takes no communicator key: its default one is left out.
    const file = await runPack(['init', '--yes', '--builder', 'file', '--set', 'builder.target=out.txt', '--set', 'builder.content=hi',
      '-o', 'f.json'], { cwd: dir });
    expect(file.code, file.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'f.json'), 'utf8')).builders[0]).toEqual({ type: 'file', target: 'out.txt', content: 'hi' });
    const pf = packer(['validate', 'f.json'], dir);
    expect(pf.status, pf.stdout + pf.stderr).toBe(0);
  });

  it('starts from a starter template', async () => {
    const r = await runPack(['init', '--yes', '--from', 'local-shell', '-o', 's.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const v = await runPack(['validate', 's.yaml'], { cwd: dir });
    expect(v.code, v.stderr).toBe(0);
    const missing = await runPack(['init', '--yes', '--from', 'nope', '-o', 's2.yaml'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('local-shell');
  });
  it("parses values by the field's type: qemu's own disk_size default, sizes, durations and lists", async () => {
    const r = await runPack(['init', '--yes', '--builder', 'qemu', '--set', 'builder.iso_url=disk.iso', '--set', 'builder.iso_checksum=none',
      '--set', 'builder.disk_size=20G', '--set', 'builder.boot_wait=3s', '-o', 'q.json'], { cwd: dir });
    // Either written, or refused for another reason than the disk size's format.
    expect(r.stderr).not.toContain('written as JSON');
    expect(r.stderr).not.toContain('disk_size');
  });

  it('takes only/except, name, pause_before, max_retries and timeout per provisioner; Packer JSON leaves out the name', async () => {
    const r = await runPack(['init', '--yes', '--builder', 'null', '--communicator', 'none', '--provisioner', 'shell-local',
      '--set', 'provisioner.name=say hi', '--set', 'provisioner.only=null', '--set', 'provisioner.pause_before=1s',
      '--set', 'provisioner.max_retries=2', '--set', 'provisioner.timeout=5m', '--post-processor', 'manifest', '--set', 'post-processor.only=null',
      '-o', 'common.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Wrote common.json (Packer JSON). Build it: pack build common.json\n');
    const doc = JSON.parse(readFileSync(join(dir, 'common.json'), 'utf8'));
    expect(doc.provisioners[0]).toMatchObject({ type: 'shell-local', only: ['null'], pause_before: '1s', max_retries: 2, timeout: '5m' });
    expect(doc.provisioners[0].name).toBeUndefined();
    expect(doc['post-processors'][0]).toMatchObject({ type: 'manifest', only: ['null'] });
    const v = packer(['validate', 'common.json'], dir);
    expect(v.status, v.stdout + v.stderr).toBe(0);
  });

  it('refuses components that cannot work together: shell without a communicator, docker-tag on a qemu artifact', async () => {
    const shell = await runPack(['init', '--yes', '--builder', 'file', '--set', 'builder.content=x', '--set', 'builder.target=o.txt',
      '--provisioner', 'shell', '--set', 'provisioner.inline=true', '-o', 'bad1.yaml'], { cwd: dir });
    expect(shell.code).toBe(1);
    expect(shell.stderr).toContain('shell needs a communicator, and build "file" has none');
    expect(existsSync(join(dir, 'bad1.yaml'))).toBe(false);
    const tag = await runPack(['init', '--yes', '--builder', 'file', '--set', 'builder.content=x', '--set', 'builder.target=o.txt',
      '--post-processor', 'docker-tag', '--set', 'post-processor.repository=x/y', '-o', 'bad2.yaml'], { cwd: dir });
    expect(tag.code).toBe(1);
    expect(tag.stderr).toContain('docker-tag takes a docker image, and build "file" (file) hands it files');
    // vagrant boxes qemu disks and docker images: a null or file build's would fail at build time.
    for (const builder of [['null'], ['file', '--set', 'builder.content=x', '--set', 'builder.target=o.txt']]) {
      const box = await runPack(['init', '--yes', '--builder', ...builder, '--communicator', 'none', '--post-processor', 'vagrant',
        '-o', `bad-${builder[0]}.yaml`], { cwd: dir });
      expect(box.code, box.stderr).toBe(1);
      expect(box.stderr).toContain(`vagrant takes a disk image or a docker image (files after artifice: set provider_override), and build "${builder[0]}"`);
      expect(existsSync(join(dir, `bad-${builder[0]}.yaml`))).toBe(false);
    }
    // artifice with provider_override is boxable, and so is a qemu disk.
    const artifice = await runPack(['init', '--yes', '--builder', 'file', '--set', 'builder.content=x', '--set', 'builder.target=o.img',
      '--communicator', 'none', '--post-processor', 'artifice', '--set', 'post-processor.0.files=o.img',
      '--post-processor', 'vagrant', '--set', 'post-processor.1.provider_override=libvirt', '-o', 'box-artifice.yaml'], { cwd: dir });
    expect(artifice.stderr).not.toContain('vagrant takes');
  });

  it('never writes a sensitive value into the template: a required variable, its value in a 0600 var file when asked (--secrets-file)', async () => {
    const r = await runPack(['init', '--yes', '--builder', 'null', '--communicator', 'ssh', '--set', 'communicator.ssh_host=127.0.0.1',
      '--set', 'communicator.ssh_username=root', '--set', 'communicator.ssh_password=hunter2-secret', '--secrets-file', '-o', 'sec.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('its secrets in sec.secrets.json (mode 0600). Build it: pack build -var-file=sec.secrets.json sec.json');
    expect(readFileSync(join(dir, 'sec.json'), 'utf8')).not.toContain('hunter2');
    const secrets = join(dir, 'sec.secrets.json');
    expect(JSON.parse(readFileSync(secrets, 'utf8'))).toEqual({ ssh_password: 'hunter2-secret' });
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const v = packer(['validate', '-var-file=sec.secrets.json', 'sec.json'], dir);
    expect(v.status, v.stdout + v.stderr).toBe(0);
  });
});
