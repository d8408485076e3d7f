// The qemu builder's steps, in order: output folder, ISO, disks, HTTP server, key pair, QEMU,
// boot command; then the core's connect and provision; then shutdown and the final image.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BuildContext, Communicator, StateBag, Step } from '../../../core/components.js';
import { STATE } from '../../../core/components.js';
import { UserError } from '../../../errors.js';
import { obtainIso } from '../../../qemu/iso.js';
import { diskSizeBytes, imageInfo, qemuImg } from '../../../qemu/qemu-img.js';
import { startHttpServer, type RunningHttpServer } from '../../../qemu/http-server.js';
import { pickPort } from '../../../qemu/ports.js';
import { detectAccelerator } from '../../../qemu/accel.js';
import { buildQemuArgs } from '../../../qemu/qemu-args.js';
import { QemuProcess } from '../../../qemu/qemu-process.js';
import { BootCommandError, parseBootCommand } from '../../../qemu/boot-command.js';
import { sleep, typeKeys } from '../../../qemu/type-keys.js';
import { createTemporaryKeyPair, type TemporaryKeyPair } from '../../../ssh/keypair.js';
import type { QemuBuilderConfig } from './config.js';
import { cacheDiskFolder, dropUnusedDisks, savedKeyPair, type QemuCacheDisks } from './cache.js';

/** State keys of this builder. */
export const S = {
  outputDir: 'qemu.outputDir',
  isoPath: 'qemu.isoPath',
  diskPaths: 'qemu.diskPaths',
  http: 'qemu.http',
  keyPair: 'qemu.keyPair',
  process: 'qemu.process',
  sshPort: 'qemu.sshHostPort',
  vncPort: 'qemu.vncPort',
  accelerator: 'qemu.accelerator',
  done: 'qemu.done',
  /** pack build -cache: the working disks in the cache folder, and the snapshot to resume (cache.ts). */
  cacheDisks: 'qemu.cache.disks',
} as const;

/** The address of the host as the guest sees it on QEMU's user network. */
export const USER_NET_HOST_IP = '10.0.2.2';

function fmtMs(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function outputStep(c: QemuBuilderConfig): Step {
  return {
    id: 'qemu:output-directory',
    title: 'Create the output directory',
    kind: 'builder',
    async run(state, ctx) {
      if (c.unsupported.length > 0) {
        throw new UserError(`${c.unsupported.join(', ')}: not supported by pack's qemu builder yet; serve the files with http_directory instead`);
      }
      const dir = resolve(c.outputDirectory);
      if (existsSync(dir)) {
        if (!ctx.force) {
          throw new UserError(`output_directory: ${c.outputDirectory} already exists: remove it, choose another, or build with -force`);
        }
        ctx.ui.say(`Deleting previous output directory ${c.outputDirectory}...`);
        rmSync(dir, { recursive: true, force: true });
      }
      mkdirSync(dir, { recursive: true });
      state.set(S.outputDir, dir);
      return 'continue';
    },
    async cleanup(state, ctx) {
      const dir = state.get(S.outputDir) as string | undefined;
      if (!dir || state.get(S.done) === true || ctx.onError === 'abort') return;
      ctx.ui.say(`Deleting output directory ${c.outputDirectory}...`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function isoStep(c: QemuBuilderConfig): Step {
  return {
    id: 'qemu:iso',
    title: c.disk_image ? 'Obtain the disk image' : 'Obtain the ISO',
    kind: 'builder',
    async run(state, ctx) {
      if (c.isoChecksum.toLowerCase() === 'none') {
        ctx.ui.say('A checksum of \'none\' was specified: the ISO is not verified');
      }
      ctx.ui.say(`Retrieving ${c.disk_image ? 'disk image' : 'ISO'}`);
      const path = await obtainIso({
        urls: c.isoUrls,
        checksum: c.isoChecksum,
        baseDir: process.cwd(),
        cacheDir: process.env.PACKER_CACHE_DIR ? resolve(process.env.PACKER_CACHE_DIR) : resolve('packer_cache'),
        targetPath: c.isoTargetPath,
        extension: c.isoTargetExtension,
        skipCache: c.isoSkipCache,
        signal: ctx.signal,
        log: (line) => ctx.ui.message(line),
        onProgress: (bytes, total, done) => ctx.ui.progress({ id: 'iso', label: 'ISO download', bytes, total, done }),
      });
      state.set(S.isoPath, path);
      return 'continue';
    },
  };
}

export function diskStep(c: QemuBuilderConfig): Step {
  return {
    id: 'qemu:disk',
    title: 'Create the disk',
    kind: 'builder',
    async run(state, ctx) {
      const dir = state.get(S.outputDir) as string;
      // pack build -cache: qcow2 working disks in the cache folder (a resumed build's already exist).
      const cached = state.get(S.cacheDisks) as QemuCacheDisks | undefined;
      if (cached?.loadvm) {
        state.set(S.diskPaths, cached.files);
        return 'continue';
      }
      if (cached) cacheDiskFolder(cached);
      const main = cached?.files[0] ?? join(dir, c.vm_name);
      const format = cached ? 'qcow2' : c.format;
      const source = state.get(S.isoPath) as string;
      if (c.disk_image) {
        const info = await imageInfo(source);
        if (c.useBackingFile) {
          ctx.ui.say('Creating the disk over a backing file');
          await qemuImg(['create', '-q', '-f', 'qcow2', '-b', source, '-F', info.format, main], ctx.signal);
        } else if (info.format === format) {
          ctx.ui.say('Copying the disk image');
          copyFileSync(source, main);
        } else {
          ctx.ui.say(`Converting the disk image to ${format}`);
          await qemuImg(['convert', '-q', '-f', info.format, '-O', format, source, main], ctx.signal);
        }
        if (c.diskSize !== undefined && diskSizeBytes(c.diskSize) > info.virtualSize) {
          ctx.ui.say(`Resizing the disk to ${String(c.diskSize)}`);
          await qemuImg(['resize', '-q', '-f', format, main, String(diskSizeBytes(c.diskSize))], ctx.signal);
        }
      } else {
        ctx.ui.say('Creating the hard drive...');
        await qemuImg(['create', '-q', '-f', format, main, String(diskSizeBytes(c.diskSize ?? '40960M'))], ctx.signal);
      }
      const paths = [main];
      for (const [i, size] of c.diskAdditionalSize.entries()) {
        const extra = cached?.files[i + 1] ?? `${main}-${i + 1}`;
        await qemuImg(['create', '-q', '-f', format, extra, String(diskSizeBytes(size))], ctx.signal);
        paths.push(extra);
      }
      state.set(S.diskPaths, paths);
      return 'continue';
    },
    async cleanup(state) {
      await dropUnusedDisks(state.get(S.cacheDisks) as QemuCacheDisks | undefined);
    },
  };
}

export function httpStep(c: QemuBuilderConfig): Step {
  return {
    id: 'qemu:http-server',
    title: 'Start the HTTP server',
    kind: 'builder',
    async run(state, ctx) {
      if (!c.httpDirectory && !c.httpContent) return 'continue';
      const server = await startHttpServer({
        directory: c.httpDirectory ? resolve(ctx.templateDir, c.httpDirectory) : undefined,
        content: c.httpContent,
        render: (body) => ctx.render(body, templateData(c, state)),
        bindAddress: c.httpBindAddress,
        portMin: c.httpPortMin,
        portMax: c.httpPortMax,
        onRequest: (line) => ctx.ui.message(line),
      });
      ctx.ui.say(`Starting HTTP server on port ${server.port}`);
      state.set(S.http, server);
      return 'continue';
    },
    async cleanup(state) {
      await (state.get(S.http) as RunningHttpServer | undefined)?.close();
    },
  };
}

/** A temporary key pair: the ssh communicator uses it when the template gives no password or key. */
export function keyPairStep(): Step {
  return {
    id: 'qemu:key-pair',
    title: 'Create a temporary SSH key pair',
    kind: 'builder',
    async run(state, ctx) {
      // A machine resumed from the build cache knows only the key it was built with.
      const saved = savedKeyPair(state.get(S.cacheDisks) as QemuCacheDisks | undefined);
      const pair = saved ? reusedKeyPair(saved, ctx.tempDir) : createTemporaryKeyPair({ comment: 'pack-qemu' });
      state.set(S.keyPair, pair);
      state.set(STATE.sshKeyPair, { privateKey: pair.privateKey, publicKey: pair.publicKey });
      return 'continue';
    },
    async cleanup(state) {
      (state.get(S.keyPair) as TemporaryKeyPair | undefined)?.remove();
    },
  };
}

function reusedKeyPair(saved: { privateKey: string; publicKey: string }, dir: string): TemporaryKeyPair {
  const privateKeyPath = join(dir, 'id_cached');
  writeFileSync(privateKeyPath, saved.privateKey, { mode: 0o600 });
  return { type: 'ed25519', ...saved, privateKeyPath, remove: () => rmSync(privateKeyPath, { force: true }) };
}

export function templateData(c: QemuBuilderConfig, state: StateBag): Record<string, unknown> {
  const http = state.get(S.http) as RunningHttpServer | undefined;
  return {
    HTTPIP: USER_NET_HOST_IP,
    HTTPPort: http?.port ?? '',
    Name: c.vm_name,
    OutputDir: state.get(S.outputDir),
    SSHHostPort: state.get(S.sshPort) ?? '',
    SSHPublicKey: (state.get(S.keyPair) as TemporaryKeyPair | undefined)?.publicKey ?? '',
  };
}

export function runStep(c: QemuBuilderConfig): Step {
  let socketDir: string | undefined;
  return {
    id: 'qemu:run',
    title: 'Start the machine',
    kind: 'builder',
    async run(state, ctx) {
      const accelerator = c.accelerator ?? (await detectAccelerator(c.qemuBinary));
      state.set(S.accelerator, accelerator);
      const sshHostPort = c.skipNatMapping || c.net_bridge ? undefined : await pickPort(c.hostPortMin, c.hostPortMax);
      if (sshHostPort) ctx.ui.say(`Found port for communicator (SSH, WinRM, etc): ${sshHostPort}.`);
      state.set(S.sshPort, sshHostPort);
      const vncPort = await pickPort(c.vncPortMin, c.vncPortMax, c.vnc_bind_address);
      state.set(S.vncPort, vncPort);
      socketDir = mkdtempSync(join(tmpdir(), 'pack-qemu-'));
      const qmpSocket = join(socketDir, 'qmp.sock');
      const headless = c.headless || !process.env.DISPLAY;
      const data = templateData(c, state);
      const qemuargs = c.qemuargs?.map((a) => a.map((s) => ctx.render(s, data)));
      const cached = state.get(S.cacheDisks) as QemuCacheDisks | undefined;
      const args = buildQemuArgs(
        // The working disks of the cache skip flushes: a snapshot then costs a write, not a wait for
        // the disk (8 s against 0.4 s here); a host crash may cost the cache, never an artifact.
        { ...c, qemuargs, ...(cached ? { format: 'qcow2', disk_cache: 'unsafe' } : {}) },
        {
          accelerator,
          diskPaths: state.get(S.diskPaths) as string[],
          isoPath: state.get(S.isoPath) as string,
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
      const proc = new QemuProcess(c.qemuBinary, args, (line) => ctx.ui.message(`Qemu: ${line}`));
      state.set(S.process, proc);
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
      state.set('qemu.qmp', qmp);
      return 'continue';
    },
    async cleanup(state, ctx) {
      const proc = state.get(S.process) as QemuProcess | undefined;
      if (proc?.running) {
        ctx.ui.say('Stopping the VM...');
        await proc.stop();
      }
      if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

export function bootStep(c: QemuBuilderConfig): Step {
  return {
    id: 'qemu:boot-command',
    title: 'Type the boot command',
    kind: 'builder',
    async run(state, ctx) {
      if ((state.get(S.cacheDisks) as QemuCacheDisks | undefined)?.loadvm) {
        ctx.ui.say('The machine was resumed from the build cache: no boot_wait, no boot command');
        return 'continue';
      }
      if (c.bootWaitMs > 0) {
        ctx.ui.say(`Waiting ${fmtMs(c.bootWaitMs)} for boot...`);
        await sleep(c.bootWaitMs, ctx.signal);
      }
      if (!c.bootCommand) return 'continue';
      let actions;
      try {
        actions = parseBootCommand(ctx.render(c.bootCommand, templateData(c, state)));
      } catch (e) {
        if (e instanceof BootCommandError) throw new UserError(e.message);
        throw e;
      }
      ctx.ui.say('Typing the boot command...');
      const proc = state.get(S.process) as QemuProcess;
      const qmp = state.get('qemu.qmp') as import('../../../qemu/qmp.js').QmpClient;
      await typeKeys(qmp, actions, { keyIntervalMs: c.bootKeyIntervalMs, signal: ctx.signal }).catch((e: Error) => {
        if (!proc.running) throw new UserError(`QEMU stopped while the boot command was typed: ${proc.lastLines.join(' | ') || 'no output'}`);
        throw e;
      });
      return 'continue';
    },
  };
}

/** What the core's connect step learns only now: where the forwarded SSH port is. */
export function connectTarget(c: QemuBuilderConfig) {
  return (state: StateBag): Record<string, unknown> => {
    const port = state.get(S.sshPort) as number | undefined;
    return port ? { host: '127.0.0.1', ssh_host: '127.0.0.1', ssh_port: port } : {};
  };
}

export function shutdownStep(c: QemuBuilderConfig): Step {
  return {
    id: 'qemu:shutdown',
    title: 'Shut the machine down',
    kind: 'builder',
    async run(state, ctx) {
      const proc = state.get(S.process) as QemuProcess;
      const comm = state.get(STATE.communicator) as Communicator | undefined;
      if (!comm || c.shutdownCommand) {
        if (comm && c.shutdownCommand) {
          ctx.ui.say('Gracefully halting virtual machine...');
          // The connection drops as the machine goes down: that is the expected end of the command.
          const ran = comm.run({ command: c.shutdownCommand, signal: ctx.signal }).catch(() => undefined);
          await Promise.race([ran, proc.exited]);
        } else {
          ctx.ui.say('Waiting for shutdown...');
        }
        if (!(await proc.waitForExit(c.shutdownTimeoutMs, ctx.signal))) {
          ctx.signal.throwIfAborted();
          const what = c.shutdownCommand ? `after shutdown_command "${c.shutdownCommand}"` : 'by itself (communicator none)';
          throw new UserError(
            `the machine did not stop within shutdown_timeout (${fmtMs(c.shutdownTimeoutMs)}) ${what}; it was stopped and the disk discarded`,
          );
        }
      } else {
        ctx.ui.say('Halting the virtual machine (no shutdown_command: unsynced writes may be lost)...');
        await proc.stop();
      }
      const exit = await proc.exited;
      if (exit.code !== 0 && exit.code !== null) ctx.ui.message(`QEMU exited with code ${exit.code}`);
      return 'continue';
    },
  };
}

export function finalizeStep(c: QemuBuilderConfig): Step {
  return {
    id: 'qemu:finalize',
    title: 'Compact the disk',
    kind: 'builder',
    async run(state, ctx) {
      const [main] = state.get(S.diskPaths) as string[];
      const cached = state.get(S.cacheDisks) as QemuCacheDisks | undefined;
      if (cached) {
        await exportCachedDisks(c, cached, state, ctx);
        state.set(S.done, true);
        return 'continue';
      }
      if (c.format === 'qcow2' && !c.skipCompaction && !c.useBackingFile) {
        ctx.ui.say(c.diskCompression ? 'Compacting and compressing the disk...' : 'Compacting the disk...');
        const tmp = `${main}.compact`;
        await qemuImg(['convert', '-q', ...(c.diskCompression ? ['-c'] : []), '-f', 'qcow2', '-O', 'qcow2', main, tmp], ctx.signal);
        renameSync(tmp, main);
      }
      state.set(S.done, true);
      return 'continue';
    },
  };
}

/** A cached build's result: the working disks' current state, converted into the output folder. */
async function exportCachedDisks(c: QemuBuilderConfig, cached: QemuCacheDisks, state: StateBag, ctx: BuildContext): Promise<void> {
  const main = join(state.get(S.outputDir) as string, c.vm_name);
  ctx.ui.say(`Writing the disk${cached.files.length > 1 ? 's' : ''} from the build cache to ${c.outputDirectory}...`);
  const compress = c.format === 'qcow2' && c.diskCompression ? ['-c'] : [];
  for (const [i, file] of cached.files.entries()) {
    const out = i === 0 ? main : `${main}-${i}`;
    const backing = i === 0 && c.useBackingFile ? ['-B', state.get(S.isoPath) as string, '-F', (await imageInfo(state.get(S.isoPath) as string)).format] : [];
    await qemuImg(['convert', '-q', ...compress, '-f', 'qcow2', '-O', c.format, ...backing, file, `${out}.tmp`], ctx.signal);
    renameSync(`${out}.tmp`, out);
  }
}

/** The files of the finished build, for the artifact. */
export function outputFiles(dir: string): string[] {
  return readdirSync(dir).map((f) => join(dir, f));
}

export type { BuildContext };
