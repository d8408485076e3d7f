// Finds the Packer pack hands builds to: -packer=PATH, then $PACKER_BIN, then `packer` on PATH.
// Its version is read once per run (`packer version`).
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UserError } from '../errors.js';

export interface PackerBinary {
  path: string;
  /** "1.6.6". */
  version: string;
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

/** `packer version` once per binary: "Packer v1.6.6" (later versions add lines) gives "1.6.6". */
export function packerVersion(path: string): Promise<string> {
  let v = versions.get(path);
  if (!v) {
    v = new Promise((resolve, reject) => {
      execFile(path, ['version'], { timeout: 30_000, env: { ...process.env, CHECKPOINT_DISABLE: '1' } }, (err, stdout) => {
        const m = /Packer v?(\d+\.\d+\.\d+\S*)/.exec(stdout ?? '');
        if (m) resolve(m[1]);
        else reject(new UserError(`${path} does not answer like Packer to "version"${err ? ` (${err.message.split('\n')[0]})` : ''}: give the path of Packer with -packer=PATH or PACKER_BIN.`));
      });
    });
    versions.set(path, v);
  }
  return v;
}

export async function locatePacker(flag: string | undefined, env: NodeJS.ProcessEnv): Promise<PackerBinary | undefined> {
  const path = findPacker(flag, env);
  if (!path) return undefined;
  return { path, version: await packerVersion(path) };
}

/** Compares dotted versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
