// The cache index: one JSON file under $XDG_CACHE_HOME/pack listing every saved point (its key,
// where the builder keeps it, its size and when it was last used). The points themselves live
// where their builder keeps them (docker images in the engine, qemu snapshots in disk files
// under the same folder). Every change is a locked read-modify-write, written atomically, so
// parallel builds and parallel runs never lose each other's entries.
import { mkdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CachePointRef } from '../core/components.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export interface CacheEntry {
  key: string;
  builderType: string;
  /** Build name and template path, for `pack cache ls` (never a secret: titles are redacted). */
  build: string;
  template: string;
  /** 0: the machine as the builder left it once connected; i: after the i-th provisioner. */
  point: number;
  title: string;
  ref: CachePointRef;
  bytes: number;
  createdAt: number;
  lastUsedAt: number;
  /** How long the step this point saves took when it ran, and the build up to this point. */
  stepMs: number;
  totalMs: number;
}

interface IndexFile {
  version: 1;
  entries: CacheEntry[];
  /** Points dropped from the index whose storage could not be freed yet (a docker image with children). */
  orphans: CachePointRef[];
}

/** $XDG_CACHE_HOME/pack, or ~/.cache/pack. */
export function cacheHome(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pack');
}

const LOCK_WAIT_MS = 15_000;
/** A lock older than this belongs to a process that died while holding it. */
const LOCK_STALE_MS = 60_000;

export class CacheStore {
  readonly dir: string;
  private readonly indexPath: string;
  private readonly lockPath: string;

  constructor(dir: string = cacheHome()) {
    this.dir = dir;
    this.indexPath = join(dir, 'index.json');
    this.lockPath = join(dir, 'index.lock');
  }

  async entries(): Promise<CacheEntry[]> {
    return (await this.read()).entries;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return (await this.read()).entries.find((e) => e.key === key);
  }

  async put(entry: CacheEntry): Promise<void> {
    await this.update((idx) => {
      idx.entries = idx.entries.filter((e) => e.key !== entry.key);
      idx.entries.push(entry);
    });
  }

  async touch(keys: string[], now = Date.now()): Promise<void> {
    await this.update((idx) => {
      for (const e of idx.entries) if (keys.includes(e.key)) e.lastUsedAt = now;
    });
  }

  /** Takes entries out of the index and returns them; freeing their storage is the caller's. */
  async take(keys: string[]): Promise<CacheEntry[]> {
    let taken: CacheEntry[] = [];
    await this.update((idx) => {
      taken = idx.entries.filter((e) => keys.includes(e.key));
      idx.entries = idx.entries.filter((e) => !keys.includes(e.key));
    });
    return taken;
  }

  async orphans(): Promise<CachePointRef[]> {
    return (await this.read()).orphans;
  }

  async setOrphans(refs: CachePointRef[]): Promise<void> {
    await this.update((idx) => {
      idx.orphans = refs;
    });
  }

  /** A locked read-modify-write of the index. */
  async update(change: (idx: IndexFile) => void): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await this.lock();
    try {
      const idx = await this.read();
      change(idx);
      await writeFileAtomic(this.indexPath, JSON.stringify(idx, null, 1) + '\n');
    } finally {
      await rmdir(this.lockPath).catch(() => undefined);
    }
  }

  private async read(): Promise<IndexFile> {
    let text: string;
    try {
      text = await readFile(this.indexPath, 'utf8');
    } catch {
      return { version: 1, entries: [], orphans: [] };
    }
    try {
      const parsed = JSON.parse(text) as Partial<IndexFile>;
      if (parsed.version !== 1 || !Array.isArray(parsed.entries)) throw new Error('unknown layout');
      return { version: 1, entries: parsed.entries, orphans: Array.isArray(parsed.orphans) ? parsed.orphans : [] };
    } catch {
      // A damaged index loses the cache, never the build: start a new one.
      return { version: 1, entries: [], orphans: [] };
    }
  }

  /** mkdir is atomic: whoever creates the folder holds the lock. */
  private async lock(): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await mkdir(this.lockPath);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const st = await stat(this.lockPath).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > LOCK_STALE_MS) {
        await rm(this.lockPath, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the cache index ${this.indexPath} stayed locked for ${LOCK_WAIT_MS / 1000} s (remove ${this.lockPath} if no pack runs)`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
