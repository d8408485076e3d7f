// Fast tests of the qemu builder's parts that need no machine: boot_command parsing, checksum
// forms, the QEMU command line, durations, the schema's cross-field rules.
import { describe, expect, test } from 'vitest';
import { parseBootCommand, keyForChar } from '../../src/qemu/boot-command.js';
import { parseChecksum } from '../../src/download/checksum-spec.js';
import { buildQemuArgs, type QemuConfig } from '../../src/qemu/qemu-args.js';
import { decodeDuration } from '../../src/util/duration.js';
import { checkQemu } from '../../src/components/builders/qemu/schema.js';
import { readConfig } from '../../src/components/builders/qemu/config.js';
import { diskSizeBytes } from '../../src/qemu/qemu-img.js';
import { decodeSize } from '../../src/schema/decode.js';

describe('boot_command', () => {
  test('text, specials, waits and held modifiers', () => {
    const a = parseBootCommand('aB<enter><wait><wait5><wait1m30s><leftCtrlOn>c<leftCtrlOff><F12><tab><bs><del><esc>');
    expect(a.map((x) => (x.kind === 'wait' ? `wait:${x.ms}` : x.kind === 'press' ? `${x.qcode}${x.shift ? '+S' : ''}` : `${x.kind}:${x.qcode}`))).toEqual([
      'a', 'b+S', 'ret', 'wait:1000', 'wait:5000', 'wait:90000', 'down:ctrl', 'c', 'up:ctrl', 'f12', 'tab', 'backspace', 'delete', 'esc',
    ]);
  });
  test('special names are case-insensitive; unknown <words> are typed literally', () => {
    expect(parseBootCommand('<ENTER>')[0]).toMatchObject({ kind: 'press', qcode: 'ret' });
    const literal = parseBootCommand('<foo>');
    expect(literal.map((x) => x.text).join('')).toBe('<foo>');
    expect(literal[0]).toMatchObject({ qcode: 'comma', shift: true });
  });
  test('every printable ASCII character has a key', () => {
    for (let c = 0x20; c < 0x7f; c++) expect(keyForChar(String.fromCharCode(c)), String.fromCharCode(c)).toBeDefined();
    expect(() => parseBootCommand('é')).toThrow(/no key types/);
  });
});

describe('iso_checksum', () => {
  test('forms Packer accepts', () => {
    expect(parseChecksum('none')).toEqual({ kind: 'none' });
    // Packer 1.6.6 reads only the lower-case word ("NONE": invalid checksum).
    expect(parseChecksum('NONE')).toBe('iso_checksum: invalid checksum "NONE": write "none" in lower case');
    expect(parseChecksum('md5:ABCD')).toEqual({ kind: 'value', algorithm: 'md5', hex: 'abcd' });
    expect(parseChecksum('d41d8cd98f00b204e9800998ecf8427e')).toMatchObject({ algorithm: 'md5' });
    expect(parseChecksum('file:./SHA256SUMS')).toEqual({ kind: 'file', source: './SHA256SUMS' });
    expect(parseChecksum('sha256:file:http://x/SUMS')).toEqual({ kind: 'file', algorithm: 'sha256', source: 'http://x/SUMS' });
  });
  test('forms Packer refuses', () => {
    for (const bad of ['md5:abc', 'sha256:zz', 'foo:abcd', 'abcd', '']) expect(typeof parseChecksum(bad), bad).toBe('string');
  });
});

describe('schema rules', () => {
  const ctx = { templateDir: '/tmp' };
  const base = { iso_url: 'x.iso', iso_checksum: 'none' };
  test('accepts the minimal template', () => expect(checkQemu(base, ctx)).toEqual([]));
  test.each([
    [{ iso_checksum: 'none' }, /one of iso_url or iso_urls/],
    [{ iso_url: 'x.iso' }, /checksum must be specified/],
    [{ ...base, iso_urls: ['y.iso'] }, /only one/],
    [{ ...base, use_backing_file: true }, /use_backing_file/],
    [{ ...base, disk_image: true, use_backing_file: true, format: 'raw' }, /use_backing_file/],
    [{ ...base, host_port_min: 5000, host_port_max: 4000 }, /host_port_min/],
    [{ ...base, vnc_port_min: 7000, vnc_port_max: 6000 }, /vnc_port_min/],
    [{ ...base, iso_checksum: 'file:/nonexistent/SUMS' }, /does not exist/],
  ])('refuses %j', (config, message) => {
    expect(checkQemu(config, ctx).join('\n')).toMatch(message);
  });
  test('warns as Packer 1.6.6 does: a checksum of none (iso_skip_cache makes it none), the old host port names', () => {
    const warned = (config: Record<string, unknown>) => {
      const warnings: string[] = [];
      expect(checkQemu(config, { templateDir: '/tmp', warn: (m) => void warnings.push(m) })).toEqual([]);
      return warnings;
    };
    expect(warned({ iso_url: 'x.iso', iso_checksum: `md5:${'0'.repeat(32)}` })).toEqual([]);
    const none = "A checksum of 'none' was specified. Since ISO files are so big,\na checksum is highly recommended.";
    expect(warned(base)).toEqual([none]);
    expect(warned({ iso_url: 'x.iso', iso_skip_cache: true })).toEqual([none]);
    expect(warned({ ...base, ssh_host_port_min: 3000, ssh_host_port_max: 3100 })).toEqual([
      none,
      'ssh_host_port_min is deprecated: it is the old name of host_port_min, and its value is used; rename it to host_port_min',
      'ssh_host_port_max is deprecated: it is the old name of host_port_max, and its value is used; rename it to host_port_max',
    ]);
    expect(warned({ ...base, ssh_host_port_min: 0 })).toEqual([none]);
  });
  test('the old host port names win over the new ones when set; iso_skip_cache leaves no checksum to verify', () => {
    const c = readConfig({ host_port_min: 2222, host_port_max: 4444, ssh_host_port_min: 3000 }, 'q');
    expect([c.hostPortMin, c.hostPortMax]).toEqual([3000, 4444]);
    expect(readConfig({ iso_checksum: `md5:${'0'.repeat(32)}`, iso_skip_cache: true }, 'q').isoChecksum).toBe('none');
  });
  test('disk sizes: decoded by the size grammar (a fraction is refused there)', () => {
    expect(decodeSize('1.5G')).toBeUndefined();
    expect(decodeSize(20480)).toBe('20480M');
    expect(diskSizeBytes('10G')).toBe(10 * 2 ** 30);
    expect(diskSizeBytes('64')).toBe(64 * 2 ** 20);
    expect(diskSizeBytes('40960M')).toBe(40960 * 2 ** 20);
  });
});

describe('QEMU command line', () => {
  const config: QemuConfig = {
    vm_name: 'vm', machine_type: 'pc', memory: 512, cpus: 2, net_device: 'virtio-net', disk_interface: 'virtio',
    disk_cache: 'writeback', disk_discard: 'ignore', disk_detect_zeroes: 'off', format: 'qcow2', disk_image: false,
    use_default_display: false, vnc_bind_address: '127.0.0.1',
  };
  const rt = { accelerator: 'tcg', diskPaths: ['/o/vm'], isoPath: '/i.iso', qmpSocket: '/s', sshHostPort: 2345, vncPort: 5901, headless: true };
  test('defaults as Packer lays them out, with the forwarded SSH port', () => {
    const args = buildQemuArgs(config, rt).join(' ');
    expect(args).toContain('-machine type=pc,accel=tcg');
    expect(args).toContain('-netdev user,id=user.0,hostfwd=tcp:127.0.0.1:2345-:22');
    expect(args).toContain('-drive file=/o/vm,if=virtio,cache=writeback,discard=ignore,format=qcow2,detect-zeroes=off');
    expect(args).toContain('-drive file=/i.iso,media=cdrom -boot once=d');
    expect(args).toContain('-display none -vnc 127.0.0.1:1');
    expect(args).toContain('-smp cpus=2,sockets=2');
    expect(args.endsWith('-qmp unix:/s,server=on,wait=off')).toBe(true);
  });
  test('qemuargs replace every default of the options they name', () => {
    const args = buildQemuArgs({ ...config, qemuargs: [['-m', '1G'], ['-device', 'e1000,netdev=user.0']] }, rt);
    expect(args.filter((a) => a === '-m')).toHaveLength(1);
    expect(args[args.indexOf('-m') + 1]).toBe('1G');
    expect(args.filter((a) => a === '-device')).toEqual(['-device']);
  });
  test('cpu_model gives -cpu; unset, none', () => {
    expect(buildQemuArgs({ ...config, cpu_model: 'host' }, rt).join(' ')).toContain('-smp cpus=2,sockets=2 -cpu host');
    expect(buildQemuArgs(config, rt)).not.toContain('-cpu');
  });
  test('scsi disks get a controller', () => {
    const args = buildQemuArgs({ ...config, disk_interface: 'virtio-scsi' }, rt).join(' ');
    expect(args).toContain('-device virtio-scsi-pci,id=scsi0 -device scsi-hd,bus=scsi0.0,drive=drive0 -drive if=none,file=/o/vm,id=drive0');
  });
});

test('durations', () => {
  expect(decodeDuration('1m30s')).toBe(90_000);
  expect(decodeDuration('500ms')).toBe(500);
  expect(decodeDuration(3_000_000_000)).toBe(3000);
  expect(decodeDuration('xx')).toBeUndefined();
});
