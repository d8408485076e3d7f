// Finds the Packer pack hands builds to: -packer=PATH, then $PACKER_BIN, then `packer` on PATH.
// Its version is read once per run (`packer version`).
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { writeFileAtomicSync } from '../util/atomic-write.js';

export interface PackerBinary {
  path: string;
  /** "1.6.6"; read while the first build already starts (`packer version` alone costs Packer's start-up). */
  version: Promise<string>;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The path of Packer, or undefined when none is found; a -packer or PACKER_BIN that is not executable is an error. */
export function findPacker(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  for (const [given, where] of [[flag, '-packer'], [env.PACKER_BIN, 'PACKER_BIN']] as const) {
    if (!given) continue;
    if (!executable(given)) throw new UserError(`${where}=${given}: no executable Packer there. Give the path of the packer binary, or leave ${where} out to use the one on PATH.`);
    return given;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'packer');
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

const versions = new Map<string, Promise<string>>();

/**
 * Versions already read, by binary (path, size and modification time): `packer version` costs
 * Packer's whole start-up, so it runs once per binary, not once per run.
 */
function cacheFile(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pack', 'packer-versions.json');
}

function binaryKey(path: string): string {
  const st = statSync(path);
  return `${path}:${st.size}:${st.mtimeMs}`;
}

function cachedVersion(key: string): string | undefined {
  try {
    const v = (JSON.parse(readFileSync(cacheFile(), 'utf8')) as Record<string, unknown>)[key];
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function rememberVersion(key: string, version: string): void {
  try {
    const file = cacheFile();
    let all: Record<string, string> = {};
    try {
      all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      /* first one */
    }
    all[key] = version;
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomicSync(file, JSON.stringify(all));
  } catch {
    /* a cache that cannot be written only costs the next run a `packer version` */
  }
}

/** `packer version` once per binary: "Packer v1.6.6" (later versions add lines) gives "1.6.6". */
export function packerVersion(path: string): Promise<string> {
  let v = versions.get(path);
  const key = binaryKey(path);
  const known = cachedVersion(key);
  if (!v && known) versions.set(path, (v = Promise.resolve(known)));
  if (!v) {
    v = new Promise((resolve, reject) => {
      execFile(path, ['version'], { timeout: 30_000, env: { ...process.env, CHECKPOINT_DISABLE: '1' } }, (err, stdout) => {
        const m = /Packer v?(\d+\.\d+\.\d+\S*)/.exec(stdout ?? '');
        if (m) {
          rememberVersion(key, m[1]);
          resolve(m[1]);
        }
        else reject(new UserError(`${path} does not answer like Packer to "version"${err ? ` (${err.message.split('\n')[0]})` : ''}: give the path of Packer with -packer=PATH or PACKER_BIN.`));
      });
    });
    versions.set(path, v);
  }
  return v;
}

export function locatePacker(flag: string | undefined, env: NodeJS.ProcessEnv): PackerBinary | undefined {
  const path = findPacker(flag, env);
  if (!path) return undefined;
  const version = packerVersion(path);
  // Read by whoever needs it; a failure is theirs to report, never an unhandled rejection.
  version.catch(() => {});
  return { path, version };
}
