// The cache's limits as people write them: sizes ("500M", "20GiB", bytes) and ages ("7d", "36h").
import { parseGoDuration } from '../util/duration.js';

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Bytes, or undefined when the text is not a size. K, M, G, T are powers of 1024 (with or without "iB"/"B"). */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()]);
}

/** Milliseconds: Go durations ("36h", "90m") and days ("7d"). */
export function parseAge(text: string): number | undefined {
  const days = /^\s*(\d+(?:\.\d+)?)d\s*$/i.exec(text);
  if (days) return Number(days[1]) * 86_400_000;
  return parseGoDuration(text.trim());
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** PACK_CACHE_MAX_SIZE, or 20 GiB: beyond it, a cached build evicts the least recently used points. */
export function defaultMaxSize(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.PACK_CACHE_MAX_SIZE;
  return (v && parseSize(v)) || 20 * 1024 ** 3;
}
