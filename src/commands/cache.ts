// `pack cache ls|rm|prune`: the build cache of `pack build -cache` (under $XDG_CACHE_HOME/pack):
// list its points, remove some, or prune by age and size (least recently used first). Docker
// images and qemu snapshots go together: each point is freed where its builder keeps it.
import { parseFlags, flagsHelp, type FlagSpecs } from '../cli/args.js';
import { UserError } from '../errors.js';
import { CacheStore, type CacheEntry } from '../cache/store.js';
import { prune, removeEntries, type PruneResult } from '../cache/prune.js';
import { formatBytes, parseAge, parseSize } from '../cache/limits.js';

const PRUNE_FLAGS = {
  'older-than': { type: 'string', multiple: false, value: 'AGE', description: 'Remove points not used for AGE ("7d", "36h")' },
  'max-size': { type: 'string', multiple: false, value: 'SIZE', description: 'Then remove the least recently used until the cache fits SIZE ("10G", "500M")' },
} satisfies FlagSpecs;

export function help(): string {
  return `Usage: pack cache ls
       pack cache rm KEY...
       pack cache prune [--older-than AGE] [--max-size SIZE]

  The build cache of 'pack build -cache' (in ${new CacheStore().dir}): a point per build step,
  kept as a docker image (localhost/pack-cache) or a qemu snapshot.
  ls lists the points, least recently used first. rm removes points by key (a prefix of 6 or
  more characters is enough). prune without flags removes every point; with flags, those older
  than AGE, then the least recently used beyond SIZE. pack build -cache itself keeps the cache
  under PACK_CACHE_MAX_SIZE (default 20G) the same way.

${flagsHelp(PRUNE_FLAGS)}`;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const store = new CacheStore();
  switch (sub) {
    case 'ls':
    case 'list':
      if (rest.length > 0) throw new UserError(`pack cache ls takes no arguments, got "${rest.join(' ')}"`);
      process.stdout.write(listing(await store.entries(), store.dir));
      return 0;
    case 'rm':
      return rm(store, rest);
    case 'prune':
      return pruneCommand(store, rest);
    default:
      throw new UserError(
        `${sub ? `pack cache: unknown subcommand "${sub}"` : 'pack cache needs a subcommand'}: use ls, rm or prune.\nRun 'pack help cache' for usage.`,
      );
  }
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s ago`;
  if (s < 7200) return `${Math.round(s / 60)}m ago`;
  if (s < 172_800) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

export function listing(entries: CacheEntry[], dir: string, now = Date.now()): string {
  if (entries.length === 0) return `The build cache is empty (${dir}).\n`;
  const rows = [...entries]
    .sort((a, b) => a.lastUsedAt - b.lastUsedAt)
    .map((e) => [e.key.slice(0, 12), e.builderType, e.build, String(e.point), e.title, formatBytes(e.bytes), ago(now - e.lastUsedAt), e.template]);
  const head = ['KEY', 'BUILDER', 'BUILD', 'POINT', 'STEP', 'SIZE', 'LAST USED', 'TEMPLATE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ') + '\n';
  const total = entries.reduce((n, e) => n + e.bytes, 0);
  return line(head) + rows.map(line).join('') + `\n${entries.length} points, ${formatBytes(total)} in ${dir}\n`;
}

async function rm(store: CacheStore, keys: string[]): Promise<number> {
  if (keys.length === 0) throw new UserError('pack cache rm needs the keys of the points to remove (see pack cache ls)');
  const entries = await store.entries();
  const chosen: string[] = [];
  for (const k of keys) {
    if (k.length < 6) throw new UserError(`pack cache rm: "${k}" is too short: give at least 6 characters of a key`);
    const hits = entries.filter((e) => e.key.startsWith(k.toLowerCase()));
    if (hits.length === 0) throw new UserError(`pack cache rm: no point has a key starting with "${k}" (see pack cache ls)`);
    if (hits.length > 1) throw new UserError(`pack cache rm: "${k}" matches ${hits.length} points: give more characters`);
    chosen.push(hits[0].key);
  }
  report(await removeEntries(store, chosen));
  return 0;
}

async function pruneCommand(store: CacheStore, argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags('cache prune', argv, PRUNE_FLAGS);
  if (positionals.length > 0) throw new UserError(`pack cache prune takes no arguments, got "${positionals.join(' ')}"`);
  const age = flags['older-than'];
  const size = flags['max-size'];
  const olderThanMs = age === undefined ? undefined : parseAge(age);
  if (age !== undefined && olderThanMs === undefined) throw new UserError(`flag --older-than: "${age}" is not an age: write it as 7d, 36h or 90m`);
  const maxBytes = size === undefined ? undefined : parseSize(size);
  if (size !== undefined && maxBytes === undefined) throw new UserError(`flag --max-size: "${size}" is not a size: write it as 10G, 500M or a number of bytes`);
  report(await prune(store, { now: Date.now(), olderThanMs, maxBytes }));
  return 0;
}

function report(r: PruneResult): void {
  const bytes = r.removed.reduce((n, e) => n + e.bytes, 0);
  process.stdout.write(`Removed ${r.removed.length} point${r.removed.length === 1 ? '' : 's'} (${formatBytes(bytes)}).\n`);
  if (r.busy > 0) process.stdout.write(`${r.busy} still in use (a running build, or an image other points build on): the next prune frees them.\n`);
}
