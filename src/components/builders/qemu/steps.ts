// The qemu builder's own steps: disks, QEMU itself, typing through QMP, the final image. The
// rest (output folder, download, key pair, HTTP server, boot command, shutdown) are the shared
// steps of src/steps, composed in index.ts.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { STATE, getState, setState, stateKey, type BuildContext, type StateBag, type Step } from '../../../core/components.js';
import { UserError } from '../../../errors.js';
import { diskSizeBytes } from '../../../qemu/qemu-img.js';
import { buildQemuArgs } from '../../../qemu/qemu-args.js';
import type { QemuDriver, QemuMachine, QmpChannel } from '../../../qemu/driver.js';
import { BootCommandError, parseBootCommand } from '../../../qemu/boot-command.js';
import { typeKeys } from '../../../qemu/type-keys.js';
import { STEP_KEYS } from '../../../steps/keys.js';
import type { QemuBuilderConfig } from './config.js';
import { cacheDiskFolder, dropUnusedDisks, savedKeyPair, type QemuCacheDisks } from './cache.js';

/** State keys of this builder. */
export const S = {
  isoPath: stateKey<string>('qemu.isoPath'),
  diskPaths: stateKey<string[]>('qemu.diskPaths'),
  process: stateKey<QemuMachine>('qemu.process'),
  qmp: stateKey<QmpChannel>('qemu.qmp'),
  sshPort: stateKey<number | undefined>('qemu.sshHostPort'),
  vncPort: stateKey<number>('qemu.vncPort'),
  accelerator: stateKey<string>('qemu.accelerator'),
  /** pack build -cache: the working disks in the cache folder, and the snapshot to resume (cache.ts). */
  cacheDisks: stateKey<QemuCacheDisks>('qemu.cache.disks'),
};

/** The address of the host as the guest sees it on QEMU's user network. */
export const USER_NET_HOST_IP = '10.0.2.2';

/** Refuses what pack's qemu builder cannot do yet, before anything is created. Reads and writes nothing. */
export function unsupportedStep(c: QemuBuilderConfig): Step {
  return {
    id: 'qemu:check',
    title: 'Check the configuration',
    kind: 'builder',
    async run() {
      if (c.unsupported.length > 0) {
        throw new UserError(`${c.unsupported.join(', ')}: not supported by pack's qemu builder yet; serve the files with http_directory instead`);
      }
      return 'continue';
    },
  };
}

export function diskStep(c: QemuBuilderConfig, d: QemuDriver): Step {
  return {
    id: 'qemu:disk',
    title: 'Create the disk',
    kind: 'builder',
    async run(state, ctx) {
      // Reads STEP_KEYS.outputDir, S.isoPath and S.cacheDisks; writes S.diskPaths.
      const dir = getState(state, STEP_KEYS.outputDir)!;
      // pack build -cache: qcow2 working disks in the cache folder (a resumed build's already exist).
      const cached = getState(state, S.cacheDisks);
      if (cached?.loadvm) {
        setState(state, S.diskPaths, cached.files);
        return 'continue';
      }
      if (cached) cacheDiskFolder(cached);
      const main = cached?.files[0] ?? join(dir, c.vm_name);
      const format = cached ? 'qcow2' : c.format;
      const source = getState(state, S.isoPath)!;
      if (c.disk_image) {
        const info = await d.imageInfo(source);
        if (c.useBackingFile) {
          ctx.ui.say('Creating the disk over a backing file');
          await d.qemuImg(['create', '-q', '-f', 'qcow2', '-b', source, '-F', info.format, main], ctx.signal);
        } else if (info.format === format) {
          ctx.ui.say('Copying the disk image');
          await d.copyFile(source, main);
        } else {
          ctx.ui.say(`Converting the disk image to ${format}`);
          await d.qemuImg(['convert', '-q', '-f', info.format, '-O', format, source, main], ctx.signal);
        }
        if (diskSizeBytes(c.diskSize) > info.virtualSize) {
          ctx.ui.say(`Resizing the disk to ${c.diskSize}`);
          await d.qemuImg(['resize', '-q', '-f', format, main, String(diskSizeBytes(c.diskSize))], ctx.signal);
        }
      } else {
        ctx.ui.say('Creating the hard drive...');
        await d.qemuImg(['create', '-q', '-f', format, main, String(diskSizeBytes(c.diskSize))], ctx.signal);
      }
      const paths = [main];
      for (const [i, size] of c.diskAdditionalSize.entries()) {
        const extra = cached?.files[i + 1] ?? `${main}-${i + 1}`;
        await d.qemuImg(['create', '-q', '-f', format, extra, String(diskSizeBytes(size))], ctx.signal);
        paths.push(extra);
      }
      setState(state, S.diskPaths, paths);
      return 'continue';
    },
    async cleanup(state) {
      await dropUnusedDisks(getState(state, S.cacheDisks));
    },
  };
}

/** Template data of boot_command, qemuargs and http_content. Reads STATE.http, STEP_KEYS.outputDir, S.sshPort, STATE.sshKeyPair. */
export function templateData(c: QemuBuilderConfig, state: StateBag): Record<string, unknown> {
  return {
    HTTPIP: USER_NET_HOST_IP,
    HTTPPort: getState(state, STATE.http)?.port ?? '',
    Name: c.vm_name,
    OutputDir: getState(state, STEP_KEYS.outputDir),
    SSHHostPort: getState(state, S.sshPort) ?? '',
    SSHPublicKey: getState(state, STATE.sshKeyPair)?.publicKey ?? '',
  };
}

export function runStep(c: QemuBuilderConfig, d: QemuDriver): Step {
  let socketDir: string | undefined;
  return {
    id: 'qemu:run',
    title: 'Start the machine',
    kind: 'builder',
    // Reads S.diskPaths, S.isoPath; writes S.accelerator, S.sshPort, S.vncPort, S.process, S.qmp.
    async run(state, ctx) {
      const accelerator = c.accelerator ?? (await d.accelerator(c.qemuBinary));
      setState(state, S.accelerator, accelerator);
      // As Packer warns at this point: emulation alone is far slower (the default picks kvm or tcg, never none).
      if (accelerator === 'none') ctx.ui.message('WARNING: the machine starts with no hardware acceleration (accelerator "none"): expect the build to take much longer.');
      const sshHostPort = c.skipNatMapping || c.net_bridge ? undefined : await d.freePort(c.hostPortMin, c.hostPortMax);
      if (sshHostPort) ctx.ui.say(`Found port for communicator (SSH, WinRM, etc): ${sshHostPort}.`);
      setState(state, S.sshPort, sshHostPort);
      const vncPort = await d.freePort(c.vncPortMin, c.vncPortMax, c.vnc_bind_address);
      setState(state, S.vncPort, vncPort);
      socketDir = mkdtempSync(join(tmpdir(), 'pack-qemu-'));
      const qmpSocket = join(socketDir, 'qmp.sock');
      const headless = c.headless || !process.env.DISPLAY;
      const data = templateData(c, state);
      const qemuargs = c.qemuargs?.map((a) => a.map((s) => ctx.render(s, data)));
      const cached = getState(state, S.cacheDisks);
      const args = buildQemuArgs(
        // The working disks of the cache skip flushes: a snapshot then costs a write, not a wait for
        // the disk (8 s against 0.4 s here); a host crash may cost the cache, never an artifact.
        { ...c, qemuargs, ...(cached ? { format: 'qcow2', disk_cache: 'unsafe' } : {}) },
        {
          accelerator,
          diskPaths: getState(state, S.diskPaths)!,
          isoPath: getState(state, S.isoPath)!,
          qmpSocket,
          sshHostPort,
          vncPort,
          vncPassword: c.vncUsePassword,
          headless,
        },
      );
      if (cached?.loadvm) args.push('-loadvm', cached.loadvm);
      ctx.ui.say(
        cached?.loadvm
          ? `Starting VM (${accelerator}), resuming the cached machine`
          : c.disk_image
            ? `Starting VM (${accelerator}), booting disk image`
            : `Starting VM (${accelerator}), booting from CD-ROM`,
      );
      ctx.ui.message(`Qemu command: ${c.qemuBinary} ${args.join(' ')}`);
      const proc = d.start(c.qemuBinary, args, (line) => ctx.ui.message(`Qemu: ${line}`));
      setState(state, S.process, proc);
      ctx.ui.message(`Qemu started (pid ${proc.pid ?? 'none'})`);
      const qmp = await proc.connectQmp(qmpSocket).catch((e: Error) => {
        const missing = proc.lastLines.some((l) => l.includes('ENOENT'));
        throw new UserError(missing ? `qemu_binary: ${c.qemuBinary} is not installed (Debian: apt-get install qemu-system-x86)` : e.message);
      });
      if (c.vncUsePassword) {
        // Shown, as Packer does: it is only good for this machine, and the person needs it to watch.
        const password = randomBytes(6).toString('hex');
        await qmp.execute('change-vnc-password', { password });
        ctx.ui.message(`VNC password: ${password}`);
      }
      if (headless) {
        ctx.ui.say(`The VM will be run headless, without a GUI. To view it, connect with VNC to vnc://${c.vnc_bind_address}:${vncPort}`);
      }
      setState(state, S.qmp, qmp);
      return 'continue';
    },
    async cleanup(state, ctx) {
      const proc = getState(state, S.process);
      if (proc?.running) {
        ctx.ui.say('Stopping the VM...');
        await proc.stop();
      }
      if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

/** The qemu keyboard for the shared boot command step: the parsed keys as QMP input events. Reads S.process, S.qmp. */
export async function typeWithQmp(c: QemuBuilderConfig, rendered: string, state: StateBag, ctx: BuildContext): Promise<void> {
  let actions;
  try {
    actions = parseBootCommand(rendered);
  } catch (e) {
    if (e instanceof BootCommandError) throw new UserError(e.message);
    throw e;
  }
  const proc = getState(state, S.process)!;
  await typeKeys(getState(state, S.qmp)!, actions, { keyIntervalMs: c.bootKeyIntervalMs, signal: ctx.signal }).catch((e: Error) => {
    if (!proc.running) throw new UserError(`QEMU stopped while the boot command was typed: ${proc.lastLines.join(' | ') || 'no output'}`);
    throw e;
  });
}

/** What the core's connect step learns only now: where the forwarded SSH port is. */
export function connectTarget(c: QemuBuilderConfig) {
  return (state: StateBag): Record<string, unknown> => {
    const port = getState(state, S.sshPort);
    return port ? { host: '127.0.0.1', ssh_host: '127.0.0.1', ssh_port: port } : {};
  };
}

export function finalizeStep(c: QemuBuilderConfig, d: QemuDriver): Step {
  return {
    id: 'qemu:finalize',
    title: 'Compact the disk',
    kind: 'builder',
    // Reads S.process, S.diskPaths; writes STEP_KEYS.outputKept.
    async run(state, ctx) {
      const exit = await getState(state, S.process)!.exited;
      if (exit.code !== 0 && exit.code !== null) ctx.ui.message(`QEMU exited with code ${exit.code}`);
      const [main] = getState(state, S.diskPaths)!;
      const cached = getState(state, S.cacheDisks);
      if (cached) {
        await exportCachedDisks(c, cached, state, ctx, d);
        setState(state, STEP_KEYS.outputKept, true);
        return 'continue';
      }
      if (c.format === 'qcow2' && !c.skipCompaction && !c.useBackingFile) {
        ctx.ui.say(c.diskCompression ? 'Compacting and compressing the disk...' : 'Compacting the disk...');
        const tmp = `${main}.compact`;
        await d.qemuImg(['convert', '-q', ...(c.diskCompression ? ['-c'] : []), '-f', 'qcow2', '-O', 'qcow2', main, tmp], ctx.signal);
        await d.rename(tmp, main);
      }
      setState(state, STEP_KEYS.outputKept, true);
      return 'continue';
    },
  };
}

/** A cached build's result: the working disks' current state, converted into the output folder. */
async function exportCachedDisks(c: QemuBuilderConfig, cached: QemuCacheDisks, state: StateBag, ctx: BuildContext, d: QemuDriver): Promise<void> {
  const main = join(getState(state, STEP_KEYS.outputDir)!, c.vm_name);
  ctx.ui.say(`Writing the disk${cached.files.length > 1 ? 's' : ''} from the build cache to ${c.outputDirectory}...`);
  const compress = c.format === 'qcow2' && c.diskCompression ? ['-c'] : [];
  for (const [i, file] of cached.files.entries()) {
    const out = i === 0 ? main : `${main}-${i}`;
    const iso = getState(state, S.isoPath)!;
    const backing = i === 0 && c.useBackingFile ? ['-B', iso, '-F', (await d.imageInfo(iso)).format] : [];
    await d.qemuImg(['convert', '-q', ...compress, '-f', 'qcow2', '-O', c.format, ...backing, file, `${out}.tmp`], ctx.signal);
    await d.rename(`${out}.tmp`, out);
  }
}

/** The files of the finished build, for the artifact. */
export function outputFiles(dir: string): string[] {
  return readdirSync(dir).map((f) => join(dir, f));
}

export type { BuildContext };
