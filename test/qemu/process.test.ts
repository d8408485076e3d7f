// QEMU as a child process with QMP, on a machine with no disk (fast, no guest needed).
import { afterEach, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QemuProcess } from '../../src/qemu/qemu-process.js';
import { pickPort } from '../../src/net/ports.js';
import { parseBootCommand } from '../../src/qemu/boot-command.js';
import { typeKeys } from '../../src/qemu/type-keys.js';

const dirs: string[] = [];
const procs: QemuProcess[] = [];
afterEach(async () => {
  for (const p of procs.splice(0)) await p.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'pack-qemu-proc-'));
  dirs.push(dir);
  const socket = join(dir, 'qmp.sock');
  const lines: string[] = [];
  const p = new QemuProcess(
    'qemu-system-x86_64',
    ['-accel', 'tcg', '-m', '32', '-display', 'none', '-nodefaults', ...extra, '-qmp', `unix:${socket},server=on,wait=off`],
    (l) => lines.push(l),
  );
  procs.push(p);
  return { p, socket, lines };
}

test('QMP answers, keys can be typed, VNC takes a password, stop() ends QEMU', async () => {
  const vnc = await pickPort(5900, 6000);
  const { p, socket } = start(['-vnc', `127.0.0.1:${vnc - 5900},password=on`]);
  const qmp = await p.connectQmp(socket);
  expect(await qmp.execute('query-status')).toMatchObject({ status: 'running' });
  await typeKeys(qmp, parseBootCommand('Hello <leftCtrlOn>c<leftCtrlOff><enter>'), { keyIntervalMs: 0 });
  await qmp.execute('change-vnc-password', { password: 'abc123' });
  expect(await qmp.execute('query-vnc')).toMatchObject({ enabled: true, auth: 'vnc', service: String(vnc) });
  await expect(qmp.execute('no-such-command')).rejects.toThrow(/QMP: .*no-such-command/);
  const pid = p.pid!;
  await p.stop();
  expect(p.running).toBe(false);
  expect(() => process.kill(pid, 0)).toThrow();
}, 60_000);

test('a QEMU that cannot start says why', async () => {
  const { p, socket } = start(['-no-such-option']);
  await expect(p.connectQmp(socket)).rejects.toThrow(/QEMU exited at once: .*no-such-option/);
});

test('a missing QEMU binary is reported, not waited for', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-qemu-proc-'));
  dirs.push(dir);
  const p = new QemuProcess('/nonexistent/qemu-system-x86_64', [], () => undefined);
  await expect(p.connectQmp(join(dir, 'qmp.sock'))).rejects.toThrow(/ENOENT/);
});

test('waitForExit gives up after its time while QEMU runs on', async () => {
  const { p, socket } = start();
  await p.connectQmp(socket);
  expect(await p.waitForExit(300)).toBe(false);
  expect(p.running).toBe(true);
});
