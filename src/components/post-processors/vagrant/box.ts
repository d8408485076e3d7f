// Writes a box: a tar (gzipped unless the level is 0) of metadata.json, the Vagrantfile and files.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';

export interface BoxEntry {
  name: string;
  /** A local file, streamed; or the text itself. */
  path?: string;
  text?: string;
}

export async function writeBox(output: string, entries: BoxEntry[], level: number, onBytes?: (n: number) => void): Promise<void> {
  const pack = tar.pack();
  const out = createWriteStream(output, { flags: 'wx', mode: 0o644 });
  const done = level === 0 ? pipeline(pack, out) : pipeline(pack, createGzip({ level: level < 0 ? 6 : level }), out);
  done.catch(() => {});
  let moved = 0;
  try {
    for (const e of entries) {
      const text = e.text;
      if (text !== undefined) {
        await new Promise<void>((resolve, reject) =>
          pack.entry({ name: e.name, mode: 0o644, mtime: new Date() }, text, (err) => (err ? reject(err) : resolve())),
        );
        continue;
      }
      const s = await stat(e.path!);
      await new Promise<void>((resolve, reject) => {
        const entry = pack.entry({ name: e.name, size: s.size, mode: s.mode & 0o7777, mtime: s.mtime }, (err) => (err ? reject(err) : resolve()));
        const src = createReadStream(e.path!);
        src.on('data', (c) => onBytes?.((moved += c.length)));
        pipeline(src, entry).catch(reject);
      });
    }
    pack.finalize();
  } catch (err) {
    pack.destroy(err as Error);
  }
  await done;
}
