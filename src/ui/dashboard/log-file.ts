// The log file of a build, read back for the in-dashboard pager: its last few megabytes at
// most, so a huge log cannot take the memory the bounded in-memory log saves.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LogLine } from './log-ring.js';

const MAX_BYTES = 4 * 1024 * 1024;

export function readLogFile(path: string, maxBytes = MAX_BYTES): LogLine[] {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    let text = buf.toString('utf8');
    // Started mid-file: drop the partial first line and say so.
    const lines = text.split('\n');
    if (text.endsWith('\n')) lines.pop();
    if (size > length) lines[0] = `… (${size - length} earlier bytes: see the file)`;
    text = '';
    return lines.map((t, seq) => ({ seq, text: t.replace(/\t/g, '    '), level: 'message' }));
  } catch (err) {
    return [{ seq: 0, text: `cannot read ${path}: ${(err as Error).message}`, level: 'error' }];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
