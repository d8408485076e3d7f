// The QEMU command line, as Packer's qemu builder lays it out: defaults keyed by option, and
// qemuargs replacing every default of an option it names ("-device" in qemuargs replaces all
// default -device entries), then added in the order given.

export interface QemuRuntime {
  accelerator: string;
  diskPaths: string[];
  isoPath?: string;
  qmpSocket: string;
  sshHostPort?: number;
  vncPort?: number;
  vncPassword?: boolean;
  /** No window: headless, or no display to open one on. */
  headless: boolean;
}

export interface QemuConfig {
  vm_name: string;
  machine_type: string;
  memory: number;
  cpus: number;
  /** -cpu, only when set (QEMU's own default otherwise). */
  cpu_model?: string;
  net_device: string;
  net_bridge?: string;
  disk_interface: string;
  disk_cache: string;
  disk_discard: string;
  disk_detect_zeroes: string;
  format: string;
  disk_image: boolean;
  cdrom_interface?: string;
  use_default_display: boolean;
  display?: string;
  vnc_bind_address: string;
  qemuargs?: string[][];
}

type Option = [flag: string, value?: string];

export function buildQemuArgs(c: QemuConfig, rt: QemuRuntime): string[] {
  const defaults: Option[] = [];
  defaults.push(['-name', c.vm_name]);
  const accel = rt.accelerator === 'none' ? '' : `,accel=${rt.accelerator}`;
  defaults.push(['-machine', `type=${c.machine_type}${accel}`]);
  defaults.push(['-m', `${c.memory}M`]);
  if (c.cpus > 1) defaults.push(['-smp', `cpus=${c.cpus},sockets=${c.cpus}`]);
  if (c.cpu_model) defaults.push(['-cpu', c.cpu_model]);
  if (c.net_bridge) {
    defaults.push(['-netdev', `bridge,id=user.0,br=${c.net_bridge}`]);
  } else {
    const fwd = rt.sshHostPort ? `,hostfwd=tcp:127.0.0.1:${rt.sshHostPort}-:22` : '';
    defaults.push(['-netdev', `user,id=user.0${fwd}`]);
  }
  defaults.push(['-device', `${c.net_device},netdev=user.0`]);
  diskOptions(c, rt, defaults);
  if (rt.isoPath && !c.disk_image) {
    const iface = c.cdrom_interface ? `,if=${c.cdrom_interface}` : '';
    defaults.push(['-drive', `file=${rt.isoPath},media=cdrom${iface}`]);
    defaults.push(['-boot', 'once=d']);
  } else {
    defaults.push(['-boot', 'c']);
  }
  if (c.display) defaults.push(['-display', c.display]);
  else if (rt.headless && !c.use_default_display) defaults.push(['-display', 'none']);
  if (rt.vncPort !== undefined) {
    const pw = rt.vncPassword ? ',password=on' : '';
    defaults.push(['-vnc', `${c.vnc_bind_address}:${rt.vncPort - 5900}${pw}`]);
  }
  const user = (c.qemuargs ?? []).filter((a) => a.length > 0);
  const replaced = new Set(user.map((a) => a[0]));
  const args: string[] = [];
  for (const [flag, value] of defaults) {
    if (replaced.has(flag)) continue;
    args.push(flag);
    if (value !== undefined) args.push(value);
  }
  for (const a of user) args.push(...a);
  // Always last, never replaced: the builder types and stops the machine through it.
  args.push('-qmp', `unix:${rt.qmpSocket},server=on,wait=off`);
  return args;
}

function diskOptions(c: QemuConfig, rt: QemuRuntime, out: Option[]) {
  const common = `cache=${c.disk_cache},discard=${c.disk_discard},format=${c.format},detect-zeroes=${c.disk_detect_zeroes}`;
  rt.diskPaths.forEach((path, i) => {
    switch (c.disk_interface) {
      case 'virtio-scsi':
      case 'scsi':
        if (i === 0) out.push(['-device', 'virtio-scsi-pci,id=scsi0']);
        out.push(['-device', `scsi-hd,bus=scsi0.0,drive=drive${i}`]);
        out.push(['-drive', `if=none,file=${path},id=drive${i},${common}`]);
        break;
      default:
        out.push(['-drive', `file=${path},if=${c.disk_interface},${common}`]);
    }
  });
}
