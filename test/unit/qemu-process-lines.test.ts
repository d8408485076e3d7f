// QemuProcess reads QEMU's output with util/lines like every other local command: "\n" ends a
// line, a "\r" redraw stays in it (readline split there), and the last lines are kept for errors.
import { expect, it } from 'vitest';
import { QemuProcess } from '../../src/qemu/qemu-process.js';

it("QEMU's output lines: split on \\n only, the last five kept", async () => {
  const lines: string[] = [];
  const script = "printf 'boot 1%%\\rboot 100%%\\r\\n'; for i in 1 2 3 4 5 6; do echo line $i; done; printf 'no newline'";
  const q = new QemuProcess('/bin/sh', ['-c', script], (l) => lines.push(l));
  expect(await q.exited).toEqual({ code: 0, signal: null });
  await new Promise<void>((done) => (q.child.stdout!.readableEnded ? done() : q.child.stdout!.once('end', () => done())));
  expect(lines).toEqual(['boot 1%\rboot 100%', 'line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'no newline']);
  expect(q.lastLines).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'no newline']);
});
