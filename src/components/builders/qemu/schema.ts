// The qemu builder's fields, as Packer 1.6.6 names them (plus http_content, from later Packers).
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { BuilderSchema, CheckContext, FieldSpec } from '../../../schema/types.js';
import { decodeSize } from '../../../schema/decode.js';
import { parseChecksum } from '../../../download/checksum-spec.js';
import { isLocalSource, localSourcePath } from '../../../download/source.js';
import { existingOutputDir } from '../../../steps/output-dir.js';

export const ACCELERATORS = ['kvm', 'tcg', 'xen', 'hax', 'hvf', 'whpx', 'none'] as const;
export const DISK_INTERFACES = ['ide', 'scsi', 'virtio', 'virtio-scsi'] as const;
export const DISK_CACHES = ['writethrough', 'writeback', 'none', 'unsafe', 'directsync'] as const;
export const DISK_DISCARDS = ['unmap', 'ignore'] as const;
export const DISK_DETECT_ZEROES = ['unmap', 'on', 'off'] as const;

const iso: Record<string, FieldSpec> = {
  iso_url: {
    type: 'string',
    description: 'The ISO to boot (or, with disk_image, the disk to start from): a local path, file:// or http(s):// URL',
    example: 'https://cdimage.debian.org/debian-cd/current/amd64/iso-cd/debian-12-amd64-netinst.iso',
  },
  iso_urls: {
    type: 'string[]',
    description: 'Places to try in order for the ISO; the first that works is used',
    advanced: true,
  },
  iso_checksum: {
    type: 'string',
    description: 'The ISO\'s checksum: "sha256:HEX", "md5:HEX", "file:URL" of a SUMS file, or "none"',
    example: 'sha256:e4b5...',
    suggest: 'none',
  },
  iso_target_path: { type: 'string', description: 'Where the downloaded ISO is stored (default: the cache)', advanced: true },
  iso_target_extension: { type: 'string', description: 'Extension of the cached ISO file', default: 'iso', advanced: true },
  iso_skip_cache: { type: 'boolean', description: 'Download the ISO again even when a cached copy exists', default: false, advanced: true },
};

const disk: Record<string, FieldSpec> = {
  disk_image: {
    type: 'boolean',
    description: 'iso_url is a bootable disk image to start from, not an ISO',
    default: false,
  },
  use_backing_file: {
    type: 'boolean',
    description: 'With disk_image and qcow2: the output disk only stores changes over the source image',
    default: false,
    advanced: true,
  },
  disk_size: {
    type: 'size',
    description: 'Size of the disk: megabytes, or a number with K, M, G or T',
    default: '40960M',
    example: '10G',
  },
  disk_additional_size: { type: 'string[]', description: 'Sizes of extra disks to attach', advanced: true },
  format: { type: 'string', description: 'Output disk format', default: 'qcow2', enum: ['qcow2', 'raw'] },
  disk_interface: {
    type: 'string',
    description: 'How the disk is attached to the machine',
    default: 'virtio',
    enum: DISK_INTERFACES,
    advanced: true,
  },
  disk_cache: { type: 'string', description: 'QEMU cache mode of the disk', default: 'writeback', enum: DISK_CACHES, advanced: true },
  disk_discard: { type: 'string', description: 'QEMU discard mode of the disk', default: 'ignore', enum: DISK_DISCARDS, advanced: true },
  disk_detect_zeroes: {
    type: 'string',
    description: 'QEMU detect-zeroes mode of the disk',
    default: 'off',
    enum: DISK_DETECT_ZEROES,
    advanced: true,
  },
  skip_compaction: { type: 'boolean', description: 'Do not compact the qcow2 image at the end', default: false, advanced: true },
  disk_compression: { type: 'boolean', description: 'Compress the qcow2 image at the end', default: false, advanced: true },
  cdrom_interface: { type: 'string', description: 'How the CD-ROM is attached (default: ide)', advanced: true },
};

const machine: Record<string, FieldSpec> = {
  accelerator: {
    type: 'string',
    description: 'Accelerator: kvm where it really works (tried first), else tcg',
    enum: ACCELERATORS,
    advanced: true,
  },
  machine_type: { type: 'string', description: 'QEMU machine type', default: 'pc', advanced: true },
  memory: { type: 'integer', description: 'Memory of the machine in MB', default: 512 },
  cpus: { type: 'integer', description: 'Number of virtual CPUs', default: 1 },
  cpu_model: { type: 'string', description: 'QEMU -cpu model ("host" with kvm); unset, QEMU picks its default', advanced: true },
  net_device: { type: 'string', description: 'Network card model', default: 'virtio-net', advanced: true },
  net_bridge: { type: 'string', description: 'Use this bridge instead of user networking', advanced: true },
  headless: { type: 'boolean', description: 'Run without a window (always the case when there is no display)', default: false },
  use_default_display: { type: 'boolean', description: 'Leave QEMU\'s display option alone', default: false, advanced: true },
  display: { type: 'string', description: 'QEMU -display value', advanced: true },
  qemu_binary: { type: 'string', description: 'The QEMU program to run', default: 'qemu-system-x86_64', advanced: true },
  qemuargs: {
    type: 'string[][]',
    description: 'Extra QEMU arguments, each a list ["-m", "1G"]; an option given here replaces the builder\'s',
    advanced: true,
  },
  vm_name: { type: 'string', description: 'File name of the output disk (default: packer-BUILDNAME)' },
  output_directory: { type: 'string', description: 'Where the disk image is written (default: output-BUILDNAME); must not exist' },
  qmp_enable: { type: 'boolean', description: 'Keep QMP available to the user (pack always uses QMP itself)', default: false, advanced: true },
};

const boot: Record<string, FieldSpec> = {
  boot_wait: { type: 'duration', description: 'Time to wait after starting the machine before typing boot_command', default: '10s' },
  boot_command: {
    type: 'string|string[]',
    description: 'Keys typed into the machine: text, <enter>, <wait5>, <leftCtrlOn>...; {{.HTTPIP}} and {{.HTTPPort}} are filled in',
    example: '<esc><wait>auto url=http://{{.HTTPIP}}:{{.HTTPPort}}/preseed.cfg<enter>',
  },
  boot_key_interval: { type: 'duration', description: 'Pause between two typed keys', advanced: true },
  boot_keygroup_interval: { type: 'duration', description: 'Pause between two groups of keys', advanced: true },
  http_directory: { type: 'string', description: 'A folder served over HTTP to the machine while it boots' },
  http_content: { type: 'map', description: 'Files served over HTTP: path -> content (not in Packer 1.6.6)', advanced: true },
  http_port_min: { type: 'integer', description: 'Lowest port for the HTTP server', default: 8000, advanced: true },
  http_port_max: { type: 'integer', description: 'Highest port for the HTTP server', default: 9000, advanced: true },
  http_bind_address: { type: 'string', description: 'Address the HTTP server listens on', default: '0.0.0.0', advanced: true },
  floppy_files: { type: 'string[]', description: 'Files put on a floppy disk (not supported by pack)', advanced: true },
  floppy_dirs: { type: 'string[]', description: 'Folders put on a floppy disk (not supported by pack)', advanced: true },
  floppy_label: { type: 'string', description: 'Label of the floppy disk', default: 'floppy', advanced: true },
  cd_files: { type: 'string[]', description: 'Files put on an extra CD (not supported by pack)', advanced: true },
  cd_label: { type: 'string', description: 'Label of the extra CD', advanced: true },
};

const access: Record<string, FieldSpec> = {
  host_port_min: { type: 'integer', description: 'Lowest host port forwarded to the guest\'s SSH port', default: 2222, advanced: true },
  host_port_max: { type: 'integer', description: 'Highest host port forwarded to the guest\'s SSH port', default: 4444, advanced: true },
  ssh_host_port_min: { type: 'integer', description: 'Old name of host_port_min (wins over it when set; deprecated)', advanced: true },
  ssh_host_port_max: { type: 'integer', description: 'Old name of host_port_max (wins over it when set; deprecated)', advanced: true },
  skip_nat_mapping: { type: 'boolean', description: 'Do not forward a host port: connect to ssh_host directly', default: false, advanced: true },
  vnc_bind_address: { type: 'string', description: 'Address of the VNC server', default: '127.0.0.1', advanced: true },
  vnc_use_password: { type: 'boolean', description: 'Protect the VNC server with a random password', default: false, advanced: true },
  vnc_port_min: { type: 'integer', description: 'Lowest VNC port', default: 5900, advanced: true },
  vnc_port_max: { type: 'integer', description: 'Highest VNC port', default: 6000, advanced: true },
  shutdown_command: {
    type: 'string',
    description: 'Command that shuts the machine down (without it the machine is stopped, losing unsynced writes)',
    example: 'poweroff',
  },
  shutdown_timeout: { type: 'duration', description: 'How long to wait for the machine to stop after shutdown_command', default: '5m' },
  ssh_wait_timeout: { type: 'duration', description: 'Old name of ssh_timeout', advanced: true },
};

/** Packer 1.6.6 fields pack accepts so that Packer's templates validate, without using them. */
const packerOnly: Record<string, FieldSpec> = {
  disable_vnc: { type: 'boolean', description: 'Packer: start QEMU without VNC (in Packer templates; pack accepts it and does not use it)', advanced: true },
  http_interface: { type: 'string', description: 'Packer: network interface of the HTTP server (in Packer templates; pack accepts it and does not use it)', advanced: true },
  qemu_img_args: { type: 'object', description: 'Packer: extra qemu-img arguments per subcommand (in Packer templates; pack accepts it and does not use it)', advanced: true },
  qmp_socket_path: { type: 'string', description: 'Packer: path of the QMP socket (in Packer templates; pack accepts it and does not use it)', advanced: true },
  run_once: { type: 'boolean', description: 'Packer: run QEMU with -no-reboot style run-once (in Packer templates; pack accepts it and does not use it)', advanced: true },
  skip_resize_disk: { type: 'boolean', description: 'Packer: do not resize the disk image to disk_size (in Packer templates; pack accepts it and does not use it)', advanced: true },
};

export const definition: BuilderSchema = {
  kind: 'builder',
  type: 'qemu',
  description: 'Boots a QEMU machine from an ISO or a disk image, types boot_command, provisions it and keeps its disk',
  communicators: ['ssh', 'none'],
  fields: { ...iso, ...disk, ...machine, ...boot, ...access, ...packerOnly },
  runsHere: () => onPath('qemu-system-x86_64'),
  check: checkQemu,
  checkHere(c, { buildName }) {
    const dir = typeof c.output_directory === 'string' && c.output_directory !== '' ? c.output_directory : `output-${buildName}`;
    // A folder named by a run-time template is known only when the build starts.
    const problem = dir.includes('{{') ? undefined : existingOutputDir(dir);
    return problem ? [problem] : [];
  },
};

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, program)));
}

/** The host port range: as Packer 1.6.6, the old names ssh_host_port_min/max win when set (not 0). */
export function hostPortRange(c: Record<string, unknown>): { min: number; max: number } {
  const pick = (old: unknown, current: unknown, d: number) => (typeof old === 'number' && old !== 0 ? old : typeof current === 'number' ? current : d);
  return { min: pick(c.ssh_host_port_min, c.host_port_min, 2222), max: pick(c.ssh_host_port_max, c.host_port_max, 4444) };
}

/** Packer 1.6.6: iso_skip_cache sets the checksum to "none" before the ISO's checks (nothing to check it against). */
export const effectiveIsoChecksum = (c: Record<string, unknown>): unknown => (c.iso_skip_cache === true ? 'none' : c.iso_checksum);

/** Packer 1.6.6's cross-field rules (and warnings) for the qemu builder. */
export function checkQemu(c: Record<string, unknown>, ctx: CheckContext): string[] {
  const errors: string[] = [];
  const urls = Array.isArray(c.iso_urls) ? c.iso_urls : [];
  if (c.iso_url !== undefined && c.iso_url !== '' && urls.length > 0) {
    errors.push('iso_url, iso_urls: give only one of them');
  } else if ((c.iso_url === undefined || c.iso_url === '') && urls.length === 0) {
    errors.push('iso_url: one of iso_url or iso_urls must be specified');
  }
  const checksum = effectiveIsoChecksum(c);
  if (checksum === undefined || checksum === '') {
    errors.push('iso_checksum: a checksum must be specified ("sha256:HEX", "file:URL" or "none")');
  } else if (typeof checksum === 'string') {
    const spec = parseChecksum(checksum);
    if (typeof spec === 'string') errors.push(spec);
    // Packer's words.
    else if (spec.kind === 'none') ctx.warn?.("A checksum of 'none' was specified. Since ISO files are so big,\na checksum is highly recommended.");
    else if (spec.kind === 'file' && isLocalSource(spec.source)) {
      const path = localSourcePath(spec.source, ctx.templateDir);
      if (!existsSync(path)) errors.push(`iso_checksum: the checksum file ${path} does not exist`);
    }
  }
  if (c.use_backing_file === true && (c.disk_image !== true || (c.format ?? 'qcow2') !== 'qcow2')) {
    errors.push('use_backing_file: can only be enabled for qcow2 images and when disk_image is true');
  }
  for (const size of Array.isArray(c.disk_additional_size) ? c.disk_additional_size : []) {
    if (decodeSize(size) === undefined) {
      errors.push(`disk_additional_size: invalid disk size ${JSON.stringify(size)}`);
    }
  }
  for (const [oldName, name] of [['ssh_host_port_min', 'host_port_min'], ['ssh_host_port_max', 'host_port_max']]) {
    if (typeof c[oldName] === 'number' && c[oldName] !== 0) ctx.warn?.(`${oldName} is deprecated: it is the old name of ${name}, and its value is used; rename it to ${name}`);
  }
  const ports = hostPortRange(c);
  rangeCheck(errors, { host_port_min: ports.min, host_port_max: ports.max }, 'host_port_min', 'host_port_max', 2222, 4444);
  rangeCheck(errors, c, 'vnc_port_min', 'vnc_port_max', 5900, 6000);
  rangeCheck(errors, c, 'http_port_min', 'http_port_max', 8000, 9000);
  for (const key of ['floppy_files', 'cd_files'] as const) {
    for (const f of Array.isArray(c[key]) ? (c[key] as unknown[]) : []) {
      if (typeof f === 'string' && !/[*?[]/.test(f) && !existsSync(resolve(f))) {
        errors.push(`${key}: the file ${f} does not exist`);
      }
    }
  }
  return errors;
}

function rangeCheck(errors: string[], c: Record<string, unknown>, minKey: string, maxKey: string, dmin: number, dmax: number) {
  const min = typeof c[minKey] === 'number' ? (c[minKey] as number) : dmin;
  const max = typeof c[maxKey] === 'number' ? (c[maxKey] as number) : dmax;
  if (min > max) errors.push(`${minKey}: must be less than ${maxKey} (${min} > ${max})`);
}
