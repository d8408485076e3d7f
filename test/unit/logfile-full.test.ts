// A log file on a full disk (src/output/logfile.ts): writes are batched, so the ENOSPC comes at
// a flush (the timer, build-end, run-end or close). Each way reports once through onError and
// none throws. /dev/full answers every write with ENOSPC; the log file is a link to it.
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { logFiles } from '../../src/output/logfile.js';
import type { PackEvent } from '../../src/core/events.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pack-logfile-'));
  symlinkSync('/dev/full', join(dir, 'full.log'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const start = (build: string) => ({ type: 'build-start', build, builderType: 'null', steps: [], time: 0 }) as unknown as PackEvent;
const line = (build: string, text: string) => ({ type: 'log', level: 'say', build, text, time: 0 }) as unknown as PackEvent;

it('a flush at close() that hits a full disk reports once, does not throw, and leaves the other logs whole', () => {
  const errors: string[] = [];
  const logs = logFiles(dir, (e) => errors.push(e.message));
  logs.subscriber(start('full'));
  logs.subscriber(start('fine'));
  logs.subscriber(line('fine', 'kept'));
  expect(errors).toEqual([]);
  expect(() => logs.close()).not.toThrow();
  expect(() => logs.close()).not.toThrow();
  expect(errors).toEqual([`cannot write ${join(dir, 'full.log')}: the disk is full (ENOSPC)`]);
  expect(readFileSync(join(dir, 'fine.log'), 'utf8')).toMatch(/ kept\n$/);
});

it('lines the error report adds while a flush runs are written, not dropped', () => {
  let logs: ReturnType<typeof logFiles> | undefined;
  logs = logFiles(dir, () => logs!.subscriber(line('fine', 'after the error')));
  // 'fine' first: its batch is written before the failing one reports.
  logs.subscriber(start('fine'));
  logs.subscriber(start('full'));
  logs.close();
  expect(readFileSync(join(dir, 'fine.log'), 'utf8')).toContain('after the error');
});
