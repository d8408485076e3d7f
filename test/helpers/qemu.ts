// What the tests that boot QEMU share: the tools they need (a missing one fails with its name),
// the QEMU pids a build printed, whether a process still runs, and reading a file from an
// ext2 disk image the build produced.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

export function requireQemuTools(tools = ['qemu-system-x86_64', 'qemu-img', 'debugfs']): void {
  for (const tool of tools) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`]);
    } catch {
      throw new Error(`${tool} is not installed (see scripts/system-packages.txt)`);
    }
  }
}

/** The pid of every QEMU a build started ("Qemu started (pid N)"). */
export function qemuPids(output: string): number[] {
  return [...output.matchAll(/Qemu started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Reads a file from an ext2 image (raw, or qcow2 converted to raw first). */
export function readFromImage(image: string, path: string, format: 'raw' | 'qcow2' = 'raw'): string {
  let raw = image;
  if (format === 'qcow2') {
    raw = `${image}.raw-copy`;
    execFileSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', image, raw]);
  }
  try {
    return execFileSync('debugfs', ['-R', `cat ${path}`, raw], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } finally {
    if (raw !== image) rmSync(raw, { force: true });
  }
}
