// pack build -cache for the qemu builder: a cache point is an internal snapshot of the running
// machine (QMP snapshot-save: memory, devices and disks) in a qcow2 working disk kept in the
// cache folder. A rebuild starts QEMU with -loadvm at the longest cached prefix: no boot, no
// boot_command, the guest runs on where it was and the communicator reconnects. The final
// image is converted from the working disk into the output folder, in the template's format.
// (Why snapshots rather than an overlay and a clean shutdown: see README.md in this folder.)
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BuildContext, CacheableBuilder, CachePointRef, StateBag } from '../../../core/components.js';
import { STATE, getState, setState } from '../../../core/components.js';
import { cacheHome } from '../../../cache/store.js';
import { hashPath, sha256 } from '../../../cache/keys.js';
import { qemuFileInUse, qemuSnapshots } from '../../../cache/drop.js';
import type { QmpChannel } from '../../../qemu/driver.js';
import type { QemuBuilderConfig } from './config.js';
import { S } from './steps.js';

/** Fields that do not shape the machine: the output, the host side of ports and windows, shutdown. */
const NOT_MACHINE = new Set([
  'output_directory',
  'format',
  'skip_compaction',
  'disk_compression',
  'shutdown_command',
  'shutdown_timeout',
  'headless',
  'display',
  'use_default_display',
  'vnc_bind_address',
  'vnc_port_min',
  'vnc_port_max',
  'vnc_use_password',
  'host_port_min',
  'host_port_max',
  'http_port_min',
  'http_port_max',
  'http_bind_address',
  'iso_urls',
  'iso_url',
  'iso_target_path',
  'iso_target_extension',
  'iso_skip_cache',
  'boot_key_interval',
]);

/** The working disks, the snapshot to resume (when resuming) and whether they were made by this build. */
export interface QemuCacheDisks {
  files: string[];
  loadvm?: string;
  keyFile: string;
}

const SAVE_TIMEOUT_MS = 10 * 60_000;

function groupFiles(main: string, extra: number): string[] {
  return [main, ...Array.from({ length: extra }, (_, i) => main.replace(/\.qcow2$/, `-${i + 1}.qcow2`))];
}

function size(files: string[]): number {
  return files.reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);
}


export function qemuCache(raw: Record<string, unknown>, c: QemuBuilderConfig): CacheableBuilder {
  return {
    cacheLookupBefore: 'qemu:disk',
    async cacheInputs(state, ctx) {
      const machine: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(raw)) if (!NOT_MACHINE.has(k)) machine[k] = v;
      // The ISO by its checksum; without one, by its size and time (hashing gigabytes each run costs too much).
      const iso = getState(state, S.isoPath);
      const isoId = c.isoChecksum.toLowerCase() !== 'none' ? c.isoChecksum : iso && existsSync(iso) ? sha256(iso, String(statSync(iso).size), String(statSync(iso).mtimeMs)) : 'none';
      const http = c.httpDirectory ? await hashPath(resolve(ctx.templateDir, c.httpDirectory)) : undefined;
      // A cold cached build gets working disks of its own; resumePoint swaps in a saved point's.
      const main = join(cacheHome(), 'qemu', `${randomUUID()}.qcow2`);
      const disks: QemuCacheDisks = { files: groupFiles(main, c.diskAdditionalSize.length), keyFile: `${main}.key.json` };
      setState(state, S.cacheDisks, disks);
      return { machine, isoId, http };
    },
    async savePoint(key, state, ctx) {
      const disks = getState(state, S.cacheDisks)!;
      const qmp = getState(state, S.qmp)!;
      const before = size(disks.files);
      ctx.ui.message(`Caching this step: snapshot ${key.slice(0, 12)} of the running machine`);
      await snapshotSave(qmp, key, disks.files, ctx);
      // The temporary key is in the snapshot's authorized_keys: a resumed machine needs the same one.
      const pair = getState(state, STATE.sshKeyPair);
      if (pair && !existsSync(disks.keyFile)) writeFileSync(disks.keyFile, JSON.stringify(pair), { mode: 0o600 });
      const ref: CachePointRef = { kind: 'qemu-snapshot', file: disks.files[0], files: disks.files, tag: key };
      return { ref, bytes: Math.max(0, size(disks.files) - before) };
    },
    async resumePoint(ref, state) {
      const files = (ref.files as string[] | undefined) ?? [String(ref.file)];
      const tag = String(ref.tag);
      if (!files.every((f) => existsSync(f))) return 'gone';
      if (!(await qemuSnapshots(files[0]).catch((): string[] => [])).includes(tag)) return 'gone';
      if (await qemuFileInUse(files[0])) return 'busy';
      setState(state, S.cacheDisks, { files, loadvm: tag, keyFile: `${files[0]}.key.json` } satisfies QemuCacheDisks);
      return 'resumed';
    },
  };
}

/** QMP snapshot-save (a job): memory and every working disk, the vmstate in the first. */
async function snapshotSave(qmp: QmpChannel, tag: string, files: string[], ctx: BuildContext): Promise<void> {
  const blocks = (await qmp.execute('query-block')) as { inserted?: { 'node-name': string; file: string; ro: boolean } }[];
  const nodes = files.map((f) => {
    const b = blocks.find((x) => x.inserted && !x.inserted.ro && resolve(x.inserted.file) === resolve(f));
    if (!b?.inserted) throw new Error(`QEMU has no writable drive for ${f}`);
    return b.inserted['node-name'];
  });
  const jobId = `pack-save-${randomUUID().slice(0, 8)}`;
  await qmp.execute('snapshot-save', { 'job-id': jobId, tag, vmstate: nodes[0], devices: nodes });
  const deadline = Date.now() + SAVE_TIMEOUT_MS;
  for (;;) {
    const jobs = (await qmp.execute('query-jobs')) as { id: string; status: string; error?: string }[];
    const job = jobs.find((j) => j.id === jobId);
    if (!job || job.status === 'concluded') {
      if (job) await qmp.execute('job-dismiss', { id: jobId });
      if (job?.error) throw new Error(`snapshot-save: ${job.error}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`snapshot-save did not finish within ${SAVE_TIMEOUT_MS / 60_000} minutes`);
    // Not cut by Ctrl-C: a half-written snapshot is worse than a second's wait.
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The key pair saved with a cached machine (see savePoint), if any. */
export function savedKeyPair(disks: QemuCacheDisks | undefined): { privateKey: string; publicKey: string } | undefined {
  if (!disks?.loadvm || !existsSync(disks.keyFile)) return undefined;
  return JSON.parse(readFileSync(disks.keyFile, 'utf8')) as { privateKey: string; publicKey: string };
}

/** Makes the working disks of a cold cached build in the cache folder, as qcow2 (internal snapshots need it). */
export function cacheDiskFolder(disks: QemuCacheDisks): void {
  mkdirSync(join(disks.files[0], '..'), { recursive: true });
}

/** A cold cached build that saved no point leaves nothing behind. */
export async function dropUnusedDisks(disks: QemuCacheDisks | undefined): Promise<void> {
  if (!disks || disks.loadvm || !existsSync(disks.files[0])) return;
  if ((await qemuSnapshots(disks.files[0]).catch(() => ['?'])).length > 0) return;
  for (const f of [...disks.files, disks.keyFile]) rmSync(f, { force: true });
}
