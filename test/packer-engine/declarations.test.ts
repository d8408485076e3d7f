// Packer's components in the registry: declared (Packer runs them), offered by the wizard and flags
// mode marked "runs through Packer", their secrets masked, never mistaken for pack's own.
import { afterAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryCatalog } from '../../src/init/catalog.js';
import { COMMON_FIELDS } from '../../src/init/common-fields.js';
import { findComponent } from '../../src/components/registry.js';
import { prepareTemplate } from '../../src/template/index.js';
import { componentsPackLacks } from '../../src/packer-engine/needs-packer.js';
import { runPack } from '../helpers/pack.js';

const dir = mkdtempSync(join(tmpdir(), 'pack-packer-decl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the most used have their fields from Packer\'s docs; the others a name; all marked, none implemented', () => {
  const catalog = registryCatalog();
  for (const [kind, type, field] of [
    ['builder', 'amazon-ebs', 'ami_name'],
    ['builder', 'virtualbox-iso', 'iso_checksum'],
    ['builder', 'vmware-iso', 'vmx_data'],
    ['builder', 'azure-arm', 'client_secret'],
    ['builder', 'googlecompute', 'project_id'],
    ['builder', 'proxmox-iso', 'proxmox_url'],
    ['provisioner', 'powershell', 'elevated_password'],
    ['provisioner', 'windows-restart', 'restart_timeout'],
    ['communicator', 'winrm', 'winrm_password'],
  ] as const) {
    const d = catalog.find(kind, type);
    expect(d?.description, type).toContain('(runs through Packer)');
    expect(Object.keys(d!.fields)).toContain(field);
    expect(findComponent(kind, type)?.load).toBeUndefined();
  }
  const vagrantCloud = catalog.find('post-processor', 'vagrant-cloud');
  expect(vagrantCloud?.description).toContain('(runs through Packer)');
  // Declared by name only: no fields of its own; the wizard adds just the options every post-processor takes.
  expect(findComponent('post-processor', 'vagrant-cloud')?.fields).toEqual({});
  expect(Object.keys(vagrantCloud!.fields).sort()).toEqual(Object.keys(COMMON_FIELDS['post-processor']!).sort());
  // pack's own components stay pack's.
  expect(findComponent('builder', 'null')?.load).toBeDefined();
  expect(findComponent('provisioner', 'shell')?.description).not.toContain('runs through Packer');
});

it("a Packer component's sensitive fields are masked like pack's own", async () => {
  const path = join(dir, 'aws.json');
  writeFileSync(path, JSON.stringify({ builders: [{ type: 'amazon-ebs', region: 'eu-west-1', instance_type: 't3.micro', ami_name: 'x', source_ami: 'ami-1', secret_key: 'AKIA-very-secret', ssh_username: 'admin' }] }));
  const p = await prepareTemplate(path, { vars: [], varFiles: [], env: {} }, { engine: 'auto' });
  expect(p.sensitiveValues).toContain('AKIA-very-secret');
  expect(componentsPackLacks(p.template.builds[0])).toEqual([{ kind: 'builder', type: 'amazon-ebs' }]);
});

it('pack init writes a template with Packer components, and a typo still gets "did you mean"', async () => {
  const out = join(dir, 'win.json');
  const r = await runPack(['init', '-yes', '-builder', 'virtualbox-iso', '-communicator', 'winrm', '-provisioner', 'powershell', '-provisioner', 'windows-restart', '-set', 'builder.iso_url=https://example.invalid/win.iso', '-set', 'communicator.winrm_username=Administrator', '-o', out], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const t = JSON.parse(readFileSync(out, 'utf8'));
  expect(t.builders[0]).toMatchObject({ type: 'virtualbox-iso', communicator: 'winrm', iso_checksum: 'none', winrm_username: 'Administrator' });
  expect(t.provisioners.map((p: { type: string }) => p.type)).toEqual(['powershell', 'windows-restart']);
  writeFileSync(join(dir, 'typo.json'), JSON.stringify({ builders: [{ type: 'null', communicator: 'none' }], provisioners: [{ type: 'shel', inline: ['x'] }] }));
  const v = await runPack(['validate', join(dir, 'typo.json')], { cwd: dir });
  expect(v.code).toBe(1);
  expect(v.stderr).toContain('Did you mean "shell"?');
});
