// Archive writers for the compress post-processor: tar(.gz), zip and single-file gzip.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';

export type ArchiveFormat = 'tar.gz' | 'tar' | 'zip' | 'gz';

/** The format the output's extension asks for; undefined for an unknown one (Packer falls back to tar.gz). */
export function formatFromName(output: string): ArchiveFormat | undefined {
  const lower = output.toLowerCase();
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar.gz';
  if (lower.endsWith('.zip')) return 'zip';
  if (lower.endsWith('.gz')) return 'gz';
  if (lower.endsWith('.tar')) return 'tar';
  return undefined;
}

/** Called with the number of input bytes read so far. */
export type OnBytes = (bytes: number) => void;

function counted(path: string, onBytes?: OnBytes, start = 0) {
  const stream = createReadStream(path);
  if (onBytes) {
    let n = start;
    stream.on('data', (chunk) => onBytes((n += chunk.length)));
  }
  return stream;
}

export const UNSUPPORTED = ['.bgzf', '.lz4', '.xz', '.bz2', '.zst'];

function gzipLevel(level: number): number {
  return level < 0 ? 6 : level;
}

async function writeTar(files: string[], output: string, gzip: boolean, level: number, signal: AbortSignal, onBytes?: OnBytes): Promise<void> {
  const pack = tar.pack();
  const out = createWriteStream(output);
  const done = gzip
    ? pipeline(pack, createGzip({ level: gzipLevel(level) }), out, { signal })
    : pipeline(pack, out, { signal });
  // A failed or cancelled output ends the entries too (an entry waits for a reader otherwise).
  done.catch((err) => pack.destroy(err));
  let readSoFar = 0;
  for (const f of files) {
    const s = await stat(f);
    await new Promise<void>((resolve, reject) => {
      const entry = pack.entry({ name: basename(f), size: s.size, mode: s.mode & 0o7777, mtime: s.mtime }, (err) =>
        err ? reject(err) : resolve(),
      );
      pipeline(counted(f, onBytes, readSoFar), entry, { signal }).catch(reject);
    });
    readSoFar += s.size;
  }
  pack.finalize();
  await done;
}

async function writeZip(files: string[], output: string, level: number, signal: AbortSignal): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addFile(f, basename(f), { compress: level !== 0 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(output), { signal });
}

async function writeGz(files: string[], output: string, level: number, signal: AbortSignal, onBytes?: OnBytes): Promise<void> {
  if (files.length !== 1) {
    throw new Error(`Can only have 1 input file when not using tar/zip. Found ${files.length} files: ${files.join(', ')}`);
  }
  await pipeline(counted(files[0], onBytes), createGzip({ level: gzipLevel(level) }), createWriteStream(output), { signal });
}

export async function writeArchive(
  format: ArchiveFormat,
  files: string[],
  output: string,
  level: number,
  signal: AbortSignal,
  onBytes?: OnBytes,
): Promise<void> {
  if (format === 'zip') return writeZip(files, output, level, signal);
  if (format === 'gz') return writeGz(files, output, level, signal, onBytes);
  return writeTar(files, output, format === 'tar.gz', level, signal, onBytes);
}
