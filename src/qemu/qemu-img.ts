// qemu-img, run as a child: create, convert, resize, info.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function qemuImg(args: string[], signal?: AbortSignal): Promise<string> {
  try {
    const { stdout } = await run('qemu-img', args, { signal, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new Error('qemu-img is not installed (Debian: apt-get install qemu-utils)');
    throw new Error(`qemu-img ${args[0]} failed: ${(err.stderr ?? err.message).trim()}`);
  }
}

export async function imageInfo(path: string): Promise<{ format: string; virtualSize: number }> {
  const info = JSON.parse(await qemuImg(['info', '--output=json', path])) as { format: string; 'virtual-size': number };
  return { format: info.format, virtualSize: info['virtual-size'] };
}

/** A decoded size ("40960M", "10G", "512b"; megabytes without a unit) -> bytes. */
export function diskSizeBytes(size: string): number {
  const m = /^(\d+)([bkmgtBKMGT]?)$/.exec(size);
  if (!m) throw new Error(`invalid disk size ${JSON.stringify(size)}`);
  const unit = { '': 2 ** 20, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2].toLowerCase() as '' | 'b' | 'k' | 'm' | 'g' | 't'];
  return Number(m[1]) * unit;
}
