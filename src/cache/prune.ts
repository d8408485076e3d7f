// Which points to remove (older than an age, least recently used beyond a size) and removing
// them: out of the index first, so no build resumes from them, then freed children first.
import type { CacheEntry, CacheStore } from './store.js';
import type { CachePointRef } from '../core/components.js';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { dropRef, qemuFileInUse } from './drop.js';
import { defaultMaxSize } from './limits.js';

export interface PruneRules {
  now: number;
  /** Remove points not used for this long. */
  olderThanMs?: number;
  /** Then remove the least recently used until the rest fits. */
  maxBytes?: number;
  /** Never chosen (the points the running build uses). */
  keep?: string[];
}

/** The entries to remove under `rules` (pure). Without an age or a size: all of them. */
export function pickVictims(entries: CacheEntry[], rules: PruneRules): CacheEntry[] {
  const keep = new Set(rules.keep ?? []);
  if (rules.olderThanMs === undefined && rules.maxBytes === undefined) return entries.filter((e) => !keep.has(e.key));
  const victims = new Set<CacheEntry>();
  if (rules.olderThanMs !== undefined) {
    for (const e of entries) if (!keep.has(e.key) && rules.now - e.lastUsedAt > rules.olderThanMs) victims.add(e);
  }
  if (rules.maxBytes !== undefined) {
    let total = entries.filter((e) => !victims.has(e)).reduce((n, e) => n + e.bytes, 0);
    const byAge = entries.filter((e) => !victims.has(e) && !keep.has(e.key)).sort((a, b) => a.lastUsedAt - b.lastUsedAt || b.point - a.point);
    for (const e of byAge) {
      if (total <= rules.maxBytes) break;
      victims.add(e);
      total -= e.bytes;
    }
  }
  return entries.filter((e) => victims.has(e));
}

export interface PruneResult {
  removed: CacheEntry[];
  /** Storage that could not be freed yet (kept as orphans, retried by the next prune). */
  busy: number;
}

/** Removes entries by key, and retries the orphans of earlier removals. */
export async function removeEntries(store: CacheStore, keys: string[]): Promise<PruneResult> {
  const removed = await store.take(keys);
  const pending: CachePointRef[] = [...removed.sort((a, b) => b.point - a.point).map((e) => e.ref), ...(await store.orphans())];
  const left: CachePointRef[] = [];
  for (const ref of pending) {
    try {
      if ((await dropRef(ref)) === 'busy') left.push(ref);
    } catch {
      left.push(ref);
    }
  }
  // Children went first: a parent that was busy because of them may go now.
  const still: CachePointRef[] = [];
  for (const ref of left) if ((await dropRef(ref).catch(() => 'busy' as const)) === 'busy') still.push(ref);
  await store.setOrphans(still);
  return { removed, busy: still.length };
}

export async function prune(store: CacheStore, rules: PruneRules): Promise<PruneResult> {
  const victims = pickVictims(await store.entries(), rules);
  const result = await removeEntries(store, victims.map((e) => e.key));
  await sweepQemuFiles(store);
  return result;
}

/**
 * Working disks no point refers to (a build killed before its first point was saved) go too,
 * unless a QEMU still holds them (a build running now).
 */
export async function sweepQemuFiles(store: CacheStore): Promise<void> {
  const folder = join(store.dir, 'qemu');
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  const refs = [...(await store.entries()).map((e) => e.ref), ...(await store.orphans())];
  const used = new Set(refs.flatMap((r) => (Array.isArray(r.files) ? (r.files as string[]) : typeof r.file === 'string' ? [r.file] : [])));
  for (const name of names) {
    const main = /^([0-9a-f-]{36})\.qcow2$/.exec(name);
    if (!main || used.has(join(folder, name))) continue;
    if (await qemuFileInUse(join(folder, name))) continue;
    for (const other of names) if (other.startsWith(main[1])) await rm(join(folder, other), { force: true });
  }
}

/** After a cached build: least recently used points out until the cache fits PACK_CACHE_MAX_SIZE. */
export async function enforceSizeLimit(store: CacheStore, keep: string[]): Promise<void> {
  const entries = await store.entries();
  const max = defaultMaxSize();
  if (entries.reduce((n, e) => n + e.bytes, 0) <= max) return;
  await prune(store, { now: Date.now(), maxBytes: max, keep });
}
