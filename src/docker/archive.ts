// Tar streams for the Engine API's archive endpoints (PUT/GET /containers/{id}/archive).
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { join, posix, resolve, sep, dirname } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pack, extract, type Pack, type Header } from 'tar-stream';

type Headers = Partial<Header> & { name: string };

export type OnBytes = (bytes: number) => void;


function addEntry(tar: Pack, header: Headers, body?: Buffer): Promise<void> {
  return new Promise((res, rej) => {
    const cb = (err?: Error | null) => (err ? rej(err) : res());
    if (body) tar.entry(header, body, cb);
    else tar.entry(header, cb);
  });
}

/** Streams a file into the tar as it is read (tar-stream's streams are streamx, not node's). */
async function addFile(tar: Pack, name: string, path: string, size: number, mode: number, onBytes?: OnBytes): Promise<void> {
  let entry!: ReturnType<Pack['entry']>;
  const done = new Promise<void>((res, rej) => {
    entry = tar.entry({ name, size, mode, uid: 0, gid: 0, type: 'file' }, (err) => (err ? rej(err) : res()));
  });
  // A cancelled upload destroys the entry while the loop below waits for 'drain': that rejection
  // ends the loop (through the race) instead of going unhandled.
  done.catch(() => {});
  const input = createReadStream(path);
  try {
    for await (const chunk of input) {
      onBytes?.((chunk as Buffer).length);
      if (!entry.write(chunk)) await Promise.race([once(entry as any, 'drain'), done]);
    }
  } finally {
    input.destroy();
  }
  (entry as unknown as { end(): void }).end();
  await done;
}

/** A tar holding one file, read from disk as the tar is consumed. */
export function tarOfFile(localPath: string, name: string, mode: number | undefined, size: number, onBytes?: OnBytes): Readable {
  const tar = pack();
  const out = Readable.from(tar);
  (async () => {
    const st = await fs.stat(localPath);
    await addFile(tar, name, localPath, size, mode ?? st.mode & 0o7777, onBytes);
    tar.finalize();
  })().catch((e) => tar.destroy(e));
  return out;
}

export function tarOfData(data: Buffer, name: string, mode = 0o644): Readable {
  const tar = pack();
  tar.entry({ name, mode, uid: 0, gid: 0, size: data.length }, data);
  tar.finalize();
  return Readable.from(tar);
}

/** Total size of the regular files under a folder (for progress). */
export async function treeSize(dir: string): Promise<number> {
  let total = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await treeSize(p);
    else if (e.isFile()) total += (await fs.stat(p)).size;
  }
  return total;
}

/** A tar of a folder's tree; entry names start with `prefix` ("" = the folder's contents). */
export function tarOfDir(localDir: string, prefix: string, onBytes?: OnBytes): Readable {
  const tar = pack();
  const out = Readable.from(tar);
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const e of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      const name = rel ? `${rel}/${e.name}` : e.name;
      const st = await fs.lstat(p);
      if (st.isDirectory()) {
        await addEntry(tar, { name, type: 'directory', mode: st.mode & 0o7777, uid: 0, gid: 0 });
        await walk(p, name);
      } else if (st.isSymbolicLink()) {
        await addEntry(tar, { name, type: 'symlink', linkname: await fs.readlink(p), uid: 0, gid: 0 });
      } else if (st.isFile()) {
        await addFile(tar, name, p, st.size, st.mode & 0o7777, onBytes);
      }
    }
  };
  (async () => {
    const st = await fs.stat(localDir);
    if (prefix) await addEntry(tar, { name: prefix, type: 'directory', mode: st.mode & 0o7777, uid: 0, gid: 0 });
    await walk(localDir, prefix);
    tar.finalize();
  })().catch((e) => tar.destroy(e));
  return out;
}

/**
 * Extracts a tar stream under `destDir`, renaming the top entry `from` to `to` (so a remote file or
 * folder lands under the local name asked for). Entries escaping destDir are refused.
 */
export async function extractTar(
  stream: Readable,
  destDir: string,
  rename: { from: string; to: string } | undefined,
  onBytes?: OnBytes,
): Promise<void> {
  const root = resolve(destDir);
  const ex = extract();
  stream.on('error', (e) => ex.destroy(e));
  stream.pipe(ex);
  try {
    for await (const entry of ex) {
      const h = entry.header;
      let name = posix.normalize(h.name).replace(/\/$/, '');
      if (rename && name === rename.from) name = rename.to;
      else if (rename && name.startsWith(rename.from + '/')) name = rename.to + name.slice(rename.from.length);
      const target = resolve(root, name.replace(/^\/+/, ''));
      if (target !== root && !target.startsWith(root + sep)) throw new Error(`refusing to extract "${h.name}" outside ${destDir}`);
      if (h.type === 'directory') {
        await fs.mkdir(target, { recursive: true });
        if (h.mode) await fs.chmod(target, h.mode & 0o7777);
        entry.resume();
      } else if (h.type === 'symlink') {
        await fs.mkdir(dirname(target), { recursive: true });
        await fs.rm(target, { force: true });
        await fs.symlink(h.linkname ?? '', target);
        entry.resume();
      } else if (h.type === 'file' || h.type === 'contiguous-file') {
        await fs.mkdir(dirname(target), { recursive: true });
        const file = createWriteStream(target, { mode: (h.mode ?? 0o644) & 0o7777 });
        const closed = once(file, 'close');
        for await (const chunk of entry) {
          onBytes?.((chunk as Buffer).length);
          if (!file.write(chunk)) await once(file, 'drain');
        }
        file.end();
        await closed;
        if (h.mode) await fs.chmod(target, h.mode & 0o7777);
      } else {
        entry.resume();
      }
    }
  } catch (e) {
    stream.destroy();
    throw e;
  }
}
