// util/atomic-write.ts: the one temp-and-rename every writer in pack uses.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeAtomicWith, writeFileAtomic, writeFileAtomicSync, writeStreamAtomic } from '../../src/util/atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pack-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;

it('exclusive never replaces a file (sync and async), fails with EEXIST and leaves no temp file', async () => {
  const f = join(dir, 'a.json');
  writeFileAtomicSync(f, 'one', { exclusive: true });
  expect(() => writeFileAtomicSync(f, 'two', { exclusive: true })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
  await expect(writeFileAtomic(f, 'three', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
  expect(readFileSync(f, 'utf8')).toBe('one');
  expect(readdirSync(dir)).toEqual(['a.json']);
});

it('exclusive refuses a dangling link too (it would create the file behind it)', () => {
  const link = join(dir, 'l');
  symlinkSync(join(dir, 'nowhere'), link);
  expect(() => writeFileAtomicSync(link, 'x', { exclusive: true })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
  expect(readdirSync(dir)).toEqual(['l']);
});

it('an existing file keeps its mode unless exactMode; a new one gets the mode asked for', async () => {
  const f = join(dir, 'v.json');
  writeFileSync(f, 'old');
  chmodSync(f, 0o640);
  await writeFileAtomic(f, 'new', { mode: 0o600 });
  expect(mode(f)).toBe(0o640);
  writeFileAtomicSync(f, 'newer', { mode: 0o600, exactMode: true });
  expect(mode(f)).toBe(0o600);
  await writeFileAtomic(join(dir, 'n'), 'x', { mode: 0o600 });
  expect(mode(join(dir, 'n'))).toBe(0o600);
});

it('a stream is written whole, counted, and replaces the file only at the end', async () => {
  const f = join(dir, 'image.tar');
  writeFileSync(f, 'previous');
  const seen: number[] = [];
  const bytes = await writeStreamAtomic(f, Readable.from([Buffer.from('abc'), Buffer.from('defg')]), { onBytes: (b) => seen.push(b) });
  expect(bytes).toBe(7);
  expect(seen).toEqual([3, 7]);
  expect(readFileSync(f, 'utf8')).toBe('abcdefg');
  expect(readdirSync(dir)).toEqual(['image.tar']);
});

it('a stream that fails leaves the old file and no temp file, and the error names the file', async () => {
  const f = join(dir, 'image.tar');
  writeFileSync(f, 'previous');
  async function* failing() {
    yield Buffer.from('half');
    throw new Error('connection reset');
  }
  await expect(writeStreamAtomic(f, failing())).rejects.toThrow('connection reset');
  expect(readFileSync(f, 'utf8')).toBe('previous');
  expect(readdirSync(dir)).toEqual(['image.tar']);
  // A system error is said with the file's name (a folder that is not there).
  await expect(writeStreamAtomic(join(dir, 'no', 'x'), Readable.from(['x']))).rejects.toThrow(`cannot write ${join(dir, 'no', 'x')}: its folder does not exist`);
});

it('writeAtomicWith hands the writer a temp path beside the target and returns its result', async () => {
  const f = join(dir, 'box');
  const result = await writeAtomicWith(f, async (tmp) => {
    expect(tmp.startsWith(join(dir, '.box.'))).toBe(true);
    writeFileSync(tmp, 'box', { flag: 'wx' });
    return 42;
  });
  expect(result).toBe(42);
  expect(readFileSync(f, 'utf8')).toBe('box');
});
