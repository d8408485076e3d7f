// Chooses the accelerator: KVM only where a machine really runs on it. /dev/kvm can exist and
// still fail (nested virtualisation): the firmware then stalls. So boot SeaBIOS with no disk
// under KVM and wait for it to report "No bootable device"; otherwise use TCG.
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../util/atomic-write.js';

const cache = new Map<string, Promise<'kvm' | 'tcg'>>();

export function detectAccelerator(qemuBinary = 'qemu-system-x86_64', timeoutMs = 8000): Promise<'kvm' | 'tcg'> {
  let p = cache.get(qemuBinary);
  if (!p) cache.set(qemuBinary, (p = probe(qemuBinary, timeoutMs)));
  return p;
}

export function kvmDeviceUsable(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether the firmware gets to its end ("No bootable device") under `accel` within the time. */
export function firmwareRuns(qemuBinary: string, accel: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(
      qemuBinary,
      ['-accel', accel, '-m', '32', '-display', 'none', '-nodefaults', '-no-reboot',
        '-chardev', 'stdio,id=fw', '-device', 'isa-debugcon,iobase=0x402,chardev=fw'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out = (out + chunk).slice(-4096);
      if (out.includes('No bootable device')) finish(true);
    });
    child.on('error', () => finish(false));
    child.on('exit', () => finish(out.includes('No bootable device')));
  });
}

async function probe(qemuBinary: string, timeoutMs: number): Promise<'kvm' | 'tcg'> {
  if (!kvmDeviceUsable()) return 'tcg';
  // A failing probe costs its whole timeout: remember the answer until the host reboots.
  const file = probeCacheFile(qemuBinary);
  try {
    const cached = file ? readFileSync(file, 'utf8').trim() : '';
    if (cached === 'kvm' || cached === 'tcg') return cached;
  } catch {
    /* no answer yet */
  }
  const answer = (await firmwareRuns(qemuBinary, 'kvm', timeoutMs)) ? 'kvm' : 'tcg';
  if (file) {
    try {
      writeFileAtomicSync(file, answer);
    } catch {
      /* the cache is only an optimisation */
    }
  }
  return answer;
}

/** One file per boot of the host and QEMU binary (a new QEMU or kernel may change the answer). */
function probeCacheFile(qemuBinary: string): string | undefined {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const which = (process.env.PATH ?? '').split(':').map((d) => join(d, qemuBinary)).find((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
    const stamp = which ? `${which}:${statSync(which).mtimeMs}` : qemuBinary;
    const key = createHash('sha256').update(`${bootId}\n${stamp}`).digest('hex').slice(0, 16);
    return join(tmpdir(), `pack-kvm-probe-${key}`);
  } catch {
    return undefined;
  }
}
