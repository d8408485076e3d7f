// A QEMU guest that boots and powers itself off, with no download: the cached test guest's Debian
// kernel and an initramfs of busybox-static whose /init runs `poweroff -f`. Boot it through the
// qemu builder's qemuargs (-kernel, -initrd, -append) with communicator none.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGuest } from '../fixtures/guest/guest.js';

export interface PoweroffGuest {
  kernel: string;
  initrd: string;
  append: string;
}

/** Builds the initramfs in `dir`; fails naming a missing tool. */
export function poweroffGuest(dir: string): PoweroffGuest {
  for (const [tool, pkg] of [['/bin/busybox', 'busybox-static'], ['/usr/bin/cpio', 'cpio'], ['/usr/bin/gzip', 'gzip']]) {
    if (!existsSync(tool)) throw new Error(`${tool} is missing: install the Debian package ${pkg} (scripts/system-packages.txt)`);
  }
  const root = join(dir, 'initramfs');
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
  chmodSync(join(root, 'bin', 'busybox'), 0o755);
  writeFileSync(join(root, 'init'), '#!/bin/busybox sh\n/bin/busybox echo pack-guest-powering-off\n/bin/busybox poweroff -f\n', { mode: 0o755 });
  const initrd = join(dir, 'poweroff-initrd.gz');
  execFileSync('/bin/sh', ['-c', `cd "${root}" && find . | cpio -o -H newc --quiet | gzip -1 > "${initrd}"`]);
  return { kernel: ensureGuest().kernel, initrd, append: 'console=ttyS0 panic=-1' };
}
