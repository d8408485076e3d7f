// Accelerator detection on this machine: whatever it picks must really run firmware to its end
// (here /dev/kvm exists but machines stall on it, so it must pick tcg).
import { expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { detectAccelerator, firmwareRuns, kvmDeviceUsable } from '../../src/qemu/accel.js';

test('qemu-system-x86_64 is installed', () => {
  expect(() => execFileSync('qemu-system-x86_64', ['--version'])).not.toThrow();
});

test('the detected accelerator runs SeaBIOS to "No bootable device"', async () => {
  const accel = await detectAccelerator();
  expect(['kvm', 'tcg']).toContain(accel);
  expect(await firmwareRuns('qemu-system-x86_64', accel, 60_000)).toBe(true);
  if (!kvmDeviceUsable()) expect(accel).toBe('tcg');
}, 120_000);

test('a missing QEMU is never reported as a working accelerator', async () => {
  expect(await firmwareRuns('/nonexistent/qemu', 'tcg', 5000)).toBe(false);
});
