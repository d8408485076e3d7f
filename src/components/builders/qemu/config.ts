// The qemu builder's config under the names its steps use. The schema has decoded every field
// (durations in milliseconds, sizes with a unit, weak booleans and numbers) and applied defaults;
// nothing here parses again.
import { parseGoDuration } from '../../../util/duration.js';
import type { QemuConfig } from '../../../qemu/qemu-args.js';
import { effectiveIsoChecksum, hostPortRange } from './schema.js';

export interface QemuBuilderConfig extends QemuConfig {
  isoUrls: string[];
  isoChecksum: string;
  isoTargetPath?: string;
  isoTargetExtension: string;
  isoSkipCache: boolean;
  useBackingFile: boolean;
  /** With a unit: "40960M", "10G". */
  diskSize: string;
  diskAdditionalSize: string[];
  skipCompaction: boolean;
  diskCompression: boolean;
  accelerator?: string;
  headless: boolean;
  qemuBinary: string;
  outputDirectory: string;
  bootWaitMs: number;
  bootCommand: string;
  bootKeyIntervalMs: number;
  httpDirectory?: string;
  httpContent?: Record<string, string>;
  httpPortMin: number;
  httpPortMax: number;
  httpBindAddress: string;
  hostPortMin: number;
  hostPortMax: number;
  skipNatMapping: boolean;
  vncPortMin: number;
  vncPortMax: number;
  vncUsePassword: boolean;
  shutdownCommand?: string;
  shutdownTimeoutMs: number;
  /** Fields pack accepts (Packer's templates use them) but cannot honour yet: refused at build time. */
  unsupported: string[];
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
const bool = (v: unknown) => v === true;
const ms = (v: unknown, d: number) => (typeof v === 'number' ? Math.max(0, v) : d);

export function readConfig(c: Record<string, unknown>, buildName: string): QemuBuilderConfig {
  const bootCommand = Array.isArray(c.boot_command) ? c.boot_command.join('') : (str(c.boot_command) ?? '');
  // PACKER_KEY_INTERVAL is read by Go's time.ParseDuration too.
  const envInterval = process.env.PACKER_KEY_INTERVAL !== undefined ? parseGoDuration(process.env.PACKER_KEY_INTERVAL) : undefined;
  return {
    isoUrls: Array.isArray(c.iso_urls) && c.iso_urls.length > 0 ? (c.iso_urls as string[]) : str(c.iso_url) ? [c.iso_url as string] : [],
    isoChecksum: str(effectiveIsoChecksum(c)) ?? 'none',
    isoTargetPath: str(c.iso_target_path),
    isoTargetExtension: str(c.iso_target_extension) ?? 'iso',
    isoSkipCache: bool(c.iso_skip_cache),
    disk_image: bool(c.disk_image),
    useBackingFile: bool(c.use_backing_file),
    diskSize: str(c.disk_size) ?? '40960M',
    diskAdditionalSize: Array.isArray(c.disk_additional_size) ? (c.disk_additional_size as string[]) : [],
    format: str(c.format) ?? 'qcow2',
    disk_interface: str(c.disk_interface) ?? 'virtio',
    disk_cache: str(c.disk_cache) ?? 'writeback',
    disk_discard: str(c.disk_discard) ?? 'ignore',
    disk_detect_zeroes: str(c.disk_detect_zeroes) ?? 'off',
    skipCompaction: bool(c.skip_compaction),
    diskCompression: bool(c.disk_compression),
    cdrom_interface: str(c.cdrom_interface),
    accelerator: str(c.accelerator),
    machine_type: str(c.machine_type) ?? 'pc',
    memory: num(c.memory, 512),
    cpus: num(c.cpus, 1),
    cpu_model: str(c.cpu_model),
    net_device: str(c.net_device) ?? 'virtio-net',
    net_bridge: str(c.net_bridge),
    headless: bool(c.headless),
    use_default_display: bool(c.use_default_display),
    display: str(c.display),
    qemuBinary: str(c.qemu_binary) ?? 'qemu-system-x86_64',
    qemuargs: Array.isArray(c.qemuargs) ? (c.qemuargs as unknown[]).map((a) => (Array.isArray(a) ? a.map(String) : [String(a)])) : undefined,
    vm_name: str(c.vm_name) ?? `packer-${buildName}`,
    outputDirectory: str(c.output_directory) ?? `output-${buildName}`,
    bootWaitMs: ms(c.boot_wait, 10_000),
    bootCommand,
    // Packer's pace for qemu (100 ms a key): boot loaders poll a small keyboard buffer.
    bootKeyIntervalMs: ms(c.boot_key_interval ?? envInterval, 100),
    httpDirectory: str(c.http_directory),
    httpContent: c.http_content && typeof c.http_content === 'object' ? (c.http_content as Record<string, string>) : undefined,
    httpPortMin: num(c.http_port_min, 8000),
    httpPortMax: num(c.http_port_max, 9000),
    httpBindAddress: str(c.http_bind_address) ?? '0.0.0.0',
    hostPortMin: hostPortRange(c).min,
    hostPortMax: hostPortRange(c).max,
    skipNatMapping: bool(c.skip_nat_mapping),
    vnc_bind_address: str(c.vnc_bind_address) ?? '127.0.0.1',
    vncPortMin: num(c.vnc_port_min, 5900),
    vncPortMax: num(c.vnc_port_max, 6000),
    vncUsePassword: bool(c.vnc_use_password),
    shutdownCommand: str(c.shutdown_command),
    shutdownTimeoutMs: ms(c.shutdown_timeout, 300_000),
    unsupported: ['floppy_files', 'floppy_dirs', 'cd_files'].filter((k) => Array.isArray(c[k]) && (c[k] as unknown[]).length > 0),
  };
}
