// qemu templates get the same verdict from `pack validate` as from Packer 1.6.6.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPack } from '../helpers/pack.js';
import { requirePacker, runPacker, STACK_TRACE } from '../template/tools.js';

const base = { type: 'qemu', iso_url: 'disk.iso', iso_checksum: 'none', communicator: 'none' };
const md5 = 'd41d8cd98f00b204e9800998ecf8427e';

const accept: Record<string, Record<string, unknown>> = {
  minimal: base,
  ssh: { ...base, communicator: 'ssh', ssh_username: 'root', ssh_password: 'x', shutdown_command: 'poweroff' },
  'full-iso': {
    ...base, iso_checksum: `md5:${md5}`, disk_size: '10G', format: 'raw', disk_interface: 'virtio-scsi', accelerator: 'tcg',
    memory: 1024, cpus: 2, headless: true, vm_name: 'x.img', http_directory: 'www', boot_wait: '5s',
    boot_command: ['<esc><wait>install<enter>'], qemuargs: [['-m', '1G']], net_device: 'e1000', disk_cache: 'none',
    disk_discard: 'unmap', disk_detect_zeroes: 'unmap', host_port_min: 3000, host_port_max: 3000, shutdown_timeout: '10m',
  },
  'iso-urls-bare-hex': { ...base, iso_url: undefined, iso_urls: ['a.iso', 'b.iso'], iso_checksum: md5 },
  'checksum-file': { ...base, iso_checksum: 'file:SUMS' },
  'disk-image-backing': { ...base, disk_image: true, use_backing_file: true, disk_size: 20480 },
  'ssh-host-port-old-names': { ...base, ssh_host_port_min: 2222, ssh_host_port_max: 2230, ssh_wait_timeout: '1m' },
  // iso_skip_cache makes the checksum "none" before it is checked.
  'skip-cache-no-checksum': { ...base, iso_checksum: undefined, iso_skip_cache: true },
  'skip-cache-bad-checksum': { ...base, iso_checksum: 'md5:abc', iso_skip_cache: true },
  'checksum-md5-no-warning': { ...base, iso_checksum: `md5:${md5}` },
};

const reject: Record<string, Record<string, unknown>> = {
  'no-checksum': { ...base, iso_checksum: undefined },
  'no-iso': { ...base, iso_url: undefined },
  'both-iso': { ...base, iso_urls: ['b.iso'] },
  'odd-hex': { ...base, iso_checksum: 'md5:abc' },
  'unknown-checksum-type': { ...base, iso_checksum: 'crc:abcd' },
  'format-vmdk': { ...base, format: 'vmdk' },
  'accelerator-foo': { ...base, accelerator: 'foo' },
  'disk-interface-sata': { ...base, disk_interface: 'sata' },
  'backing-without-disk-image': { ...base, use_backing_file: true },
  'disk-size-fraction': { ...base, disk_size: '1.5G' },
  'host-ports-reversed': { ...base, host_port_min: 5000, host_port_max: 4000 },
  // The old names win over the new ones when set.
  'old-host-port-min-wins': { ...base, ssh_host_port_min: 5000, host_port_max: 4000 },
  'old-host-port-max-wins': { ...base, ssh_host_port_max: 2000 },
  'boot-wait-bad': { ...base, boot_wait: 'soon' },
  'unknown-key': { ...base, firmware: 'bios.bin' },
  'ssh-without-username': { ...base, communicator: 'ssh' },
  'missing-checksum-file': { ...base, iso_checksum: 'file:NOSUMS' },
  // Packer's prepare refuses an output folder that exists; validate has no -force.
  'output-directory-exists': { ...base, output_directory: 'old-out' },
  'default-output-directory-exists': { ...base, name: 'kept' },
};

let dir: string;
beforeAll(() => {
  requirePacker();
  dir = mkdtempSync(join(tmpdir(), 'pack-qemu-verdicts-'));
  mkdirSync(join(dir, 'www'));
  writeFileSync(join(dir, 'SUMS'), `${md5}  disk.iso\n`);
  mkdirSync(join(dir, 'old-out'));
  mkdirSync(join(dir, 'output-kept'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qemu: pack validate gives Packer 1.6.6 verdicts', () => {
  for (const [verdict, set] of [['accept', accept], ['reject', reject]] as const) {
    for (const [name, builder] of Object.entries(set)) {
      it(`${verdict}: ${name}`, async () => {
        const file = `${name}.json`;
        writeFileSync(join(dir, file), JSON.stringify({ builders: [builder] }));
        const packer = runPacker(['validate', file], dir);
        const pack = await runPack(['validate', file], { cwd: dir });
        expect(packer.code, `packer said:\n${packer.out}`).toBe(verdict === 'accept' ? 0 : 1);
        expect(pack.code, `pack said:\n${pack.stdout}${pack.stderr}`).toBe(packer.code);
        expect(pack.stdout + pack.stderr).not.toMatch(STACK_TRACE);
        // Packer's prepare warnings (checksum "none", old names): as many, on stdout.
        const warnings = (text: string) => text.split('Warning when preparing build').length - 1;
        if (verdict === 'accept') expect(warnings(pack.stdout), `pack said:\n${pack.stdout}\npacker said:\n${packer.out}`).toBe(warnings(packer.out));
      });
    }
  }
});

it('pack validate names an output folder that exists (JSON and HCL2, default name too), relative to the working folder as Packer', async () => {
  writeFileSync(join(dir, 'exists.json'), JSON.stringify({ builders: [{ ...base, output_directory: 'old-out' }, { ...base, name: 'kept' }] }));
  const json = await runPack(['validate', 'exists.json'], { cwd: dir });
  expect(json.code).toBe(1);
  expect(json.stderr).toContain('builders[0] (qemu): output_directory: old-out already exists: remove it, choose another, or build with -force');
  expect(json.stderr).toContain('builders[1] (kept): output_directory: output-kept already exists');
  mkdirSync(join(dir, 'hcl'), { recursive: true });
  writeFileSync(join(dir, 'hcl', 'q.pkr.hcl'), 'source "qemu" "kept" {\n  iso_url = "disk.iso"\n  iso_checksum = "none"\n  communicator = "none"\n}\nbuild { sources = ["source.qemu.kept"] }\n');
  const hcl = await runPack(['validate', 'hcl/q.pkr.hcl'], { cwd: dir });
  expect(hcl.code).toBe(1);
  expect(hcl.stderr).toContain('source.qemu.kept: output_directory: output-kept already exists');
  // From another working folder, the same template's folders are not there.
  expect((await runPack(['validate', join(dir, 'exists.json')], { cwd: join(dir, 'hcl') })).code).toBe(0);
});
