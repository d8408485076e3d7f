// What the HCL parser made of a file's text, kept in the user's cache folder by the text's hash:
// starting the parser (WebAssembly, Go's runtime) costs ~300 ms a run, reading a cached result
// ~1 ms. Best effort: a cache that cannot be read or written is ignored. Parse errors are not kept.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';

let version: string | undefined;
function parserVersion(): string {
  if (version === undefined) {
    try {
      version = (createRequire(import.meta.url)('@cdktf/hcl2json/package.json') as { version: string }).version;
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

function cacheFile(text: string): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const key = createHash('sha256').update(parserVersion()).update('\0').update(text).digest('hex');
  return join(base, 'pack', 'hcl-parse', key.slice(0, 2), `${key.slice(2)}.json`);
}

export async function cachedParse(text: string): Promise<Record<string, unknown> | undefined> {
  try {
    const v = JSON.parse(await readFile(cacheFile(text), 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function storeParse(text: string, body: Record<string, unknown>): Promise<void> {
  const file = cacheFile(text);
  try {
    await mkdir(join(file, '..'), { recursive: true });
    await writeFileAtomic(file, JSON.stringify(body));
  } catch {
    // A read-only or full cache folder only costs time.
  }
}
