// The scp protocol (what `scp -t` / `scp -f` speak on the far side), over one exec session per transfer.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client, ClientChannel } from 'ssh2';
import type { TransferOptions } from '../core/components.js';
import { openExec } from './exec.js';
import { walkLocal, type TreeEntry } from './walk.js';
import { shellQuote } from '../util/shell-quote.js';


/** Reads what the far side sends, and fails every wait once the channel is gone. */
class ChannelReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private wake?: () => void;
  private ended = false;
  constructor(private readonly stream: ClientChannel) {
    stream.on('data', (c: Buffer) => {
      this.chunks.push(c);
      this.length += c.length;
      if (this.length > 8 << 20) stream.pause();
      this.wake?.();
    });
    const end = () => {
      this.ended = true;
      this.wake?.();
    };
    stream.once('end', end);
    stream.once('close', end);
  }

  private async fill(n: number): Promise<boolean> {
    while (this.length < n) {
      if (this.ended) return false;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
    return true;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    if (this.length < 1 << 20) this.stream.resume();
    return out;
  }

  /** undefined at the end of the stream. */
  async byte(): Promise<number | undefined> {
    return (await this.fill(1)) ? this.take(1)[0] : undefined;
  }

  async line(): Promise<string> {
    for (;;) {
      const all = Buffer.concat(this.chunks);
      this.chunks = all.length ? [all] : [];
      const nl = all.indexOf(0x0a);
      if (nl >= 0) return this.take(nl + 1).toString('utf8', 0, nl);
      if (!(await this.fill(this.length + 1))) throw new Error('scp: the connection closed in the middle of a message');
    }
  }

  /** Hands the next n bytes to sink as they arrive. */
  async copy(n: number, sink: (b: Buffer) => Promise<void>): Promise<void> {
    let left = n;
    while (left > 0) {
      if (!(await this.fill(1))) throw new Error('scp: the connection closed in the middle of a file');
      const b = this.take(Math.min(left, this.length));
      left -= b.length;
      await sink(b);
    }
  }

  async ack(what: string): Promise<void> {
    const b = await this.byte();
    if (b === 0) return;
    if (b === undefined) throw new Error(`scp: the connection closed while ${what}`);
    const msg = await this.line().catch(() => '');
    throw new Error(`scp: ${msg || `unexpected reply ${b}`} (while ${what})`);
  }
}

interface Session {
  stream: ClientChannel;
  reader: ChannelReader;
  stderr(): string;
  /** Resolves with the exit code once the channel closed. */
  closed: Promise<number | null>;
  isClosed(): boolean;
}

/** Writes with back-pressure; fails instead of waiting forever when the channel closes. */
async function write(s: Session | ClientChannel, data: Buffer | string): Promise<void> {
  const sess = 'reader' in s ? s : undefined;
  const stream = sess ? sess.stream : (s as ClientChannel);
  if (sess?.isClosed()) throw new Error(`scp: the connection closed${sess.stderr() ? `: ${sess.stderr().trim()}` : ''}`);
  if (stream.write(data)) return;
  if (!sess) return void (await once(stream, 'drain'));
  await Promise.race([
    once(stream, 'drain'),
    sess.closed.then(() => {
      throw new Error(`scp: the connection closed in the middle of a transfer${sess.stderr() ? `: ${sess.stderr().trim()}` : ''}`);
    }),
  ]);
}

async function finish(s: Session): Promise<void> {
  s.stream.end();
  const exit = await s.closed;
  if (typeof exit === 'number' && exit !== 0) throw new Error(`scp exited with status ${exit}: ${s.stderr().trim()}`);
}

async function session(client: Client, command: string): Promise<Session> {
  const stream = await openExec(client, command, false);
  let err = '';
  let exitCode: number | null = null;
  let isClosed = false;
  stream.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  stream.on('exit', (code: unknown) => (exitCode = typeof code === 'number' ? code : null));
  const closed = new Promise<number | null>((resolve) => {
    const done = () => {
      isClosed = true;
      client.removeListener('close', done);
      resolve(exitCode);
    };
    // ssh2 passes the exit status to 'close' as well (the 'exit' event may have come first).
    stream.once('close', (code?: unknown) => {
      if (exitCode === null && typeof code === 'number') exitCode = code;
      done();
    });
    client.once('close', done);
  });
  return { stream, reader: new ChannelReader(stream), stderr: () => err, closed, isClosed: () => isClosed };
}

async function sendFile(sess: Session, path: string, name: string, mode: number, size: number, onBytes: (n: number) => void): Promise<void> {
  await write(sess, `C${(mode & 0o7777).toString(8).padStart(4, '0')} ${size} ${name}\n`);
  await sess.reader.ack(`starting ${name}`);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    await write(sess, chunk as Buffer);
    onBytes((chunk as Buffer).length);
  }
  await write(sess, Buffer.from([0]));
  await sess.reader.ack(`sending ${name}`);
}

export async function scpUploadData(client: Client, data: Buffer, remote: string, mode: number): Promise<void> {
  const slash = remote.lastIndexOf('/');
  const dir = slash > 0 ? remote.slice(0, slash) : slash === 0 ? '/' : '.';
  const sess = await session(client, `scp -p -t ${shellQuote(dir)}`);
  await sess.reader.ack('connecting to scp');
  await write(sess, `C${mode.toString(8).padStart(4, '0')} ${data.length} ${remote.slice(slash + 1)}\n`);
  await sess.reader.ack('starting the upload');
  await write(sess, data);
  await write(sess, Buffer.from([0]));
  await sess.reader.ack('sending data');
  await finish(sess);
}

export async function scpUploadFile(client: Client, local: string, remote: string, size: number, mode: number, opts: TransferOptions = {}): Promise<void> {
  const slash = remote.lastIndexOf('/');
  const dir = slash > 0 ? remote.slice(0, slash) : slash === 0 ? '/' : '.';
  const sess = await session(client, `scp -p -t ${shellQuote(dir)}`);
  await sess.reader.ack('connecting to scp');
  let done = 0;
  await sendFile(sess, local, remote.slice(slash + 1), mode, size, (n) => opts.onProgress?.((done += n), size));
  await finish(sess);
}

/** Copies localDir's contents into remoteDir (created when missing), modes kept. */
export async function scpUploadTree(client: Client, localDir: string, remoteDir: string, opts: TransferOptions = {}): Promise<void> {
  const entries = await walkLocal(localDir);
  const total = entries.reduce((n, e) => n + (e.dir ? 0 : e.size), 0);
  const root = entries[0];
  const q = shellQuote(remoteDir);
  const sess = await session(client, `mkdir -p ${q} && chmod ${root.mode.toString(8)} ${q} && scp -r -p -t ${q}`);
  await sess.reader.ack('connecting to scp');
  let done = 0;
  // Entries come parents first; close folders (E) when leaving them.
  const open: string[] = [];
  const depthOf = (e: TreeEntry) => (e.rel === '' ? 0 : e.rel.split('/').length);
  for (const e of entries.slice(1)) {
    const depth = depthOf(e);
    while (open.length >= depth) {
      open.pop();
      await write(sess, 'E\n');
      await sess.reader.ack('closing a folder');
    }
    const name = e.rel.slice(e.rel.lastIndexOf('/') + 1);
    if (e.dir) {
      await write(sess, `D${e.mode.toString(8).padStart(4, '0')} 0 ${name}\n`);
      await sess.reader.ack(`creating ${e.rel}`);
      open.push(e.rel);
    } else {
      await sendFile(sess, e.path, name, e.mode, e.size, (n) => opts.onProgress?.((done += n), total));
    }
  }
  while (open.pop() !== undefined) {
    await write(sess, 'E\n');
    await sess.reader.ack('closing a folder');
  }
  await finish(sess);
}

/**
 * Downloads a file (to `local`) or a folder (its contents go into `local`); `tree` only says
 * whether progress has a known total.
 * The far side is `scp -f`: we acknowledge every record and file.
 */
export async function scpDownload(client: Client, remote: string, local: string, tree: boolean, opts: TransferOptions = {}): Promise<void> {
  const sess = await session(client, `scp -r -f ${shellQuote(remote)}`);
  const ok = () => write(sess, Buffer.from([0]));
  await ok();
  let done = 0;
  const dirs: { path: string; mode: number }[] = [];
  let first = true;
  for (;;) {
    const kind = await sess.reader.byte();
    if (kind === undefined) break;
    if (kind === 1 || kind === 2) throw new Error(`scp: ${(await sess.reader.line()).trim()}`);
    const line = await sess.reader.line();
    const ch = String.fromCharCode(kind);
    if (ch === 'T') {
      await ok();
      continue;
    }
    if (ch === 'E') {
      const d = dirs.pop();
      if (d) await chmod(d.path, d.mode);
      await ok();
      continue;
    }
    const m = /^(\d{4}) (\d+) (.+)$/.exec(line);
    if (!m || (ch !== 'C' && ch !== 'D')) throw new Error(`scp: unexpected message "${ch}${line}"`);
    const mode = parseInt(m[1], 8);
    const name = m[3];
    if (name.includes('/') || name === '..') throw new Error(`scp: refusing the name "${name}" sent by the server`);
    const parent = dirs.length ? dirs[dirs.length - 1].path : undefined;
    if (ch === 'D') {
      const path = first ? local : join(parent ?? local, name);
      first = false;
      await mkdir(path, { recursive: true });
      dirs.push({ path, mode });
      await ok();
      continue;
    }
    first = false;
    const size = Number(m[2]);
    const path = parent ? join(parent, name) : local;
    const out = createWriteStream(path, { mode });
    await once(out, 'open');
    await ok();
    await sess.reader.copy(size, async (b) => {
      if (!out.write(b)) await once(out, 'drain');
      opts.onProgress?.((done += b.length), tree ? undefined : size);
    });
    out.end();
    await once(out, 'finish');
    await chmod(path, opts.mode ?? mode);
    await sess.reader.ack(`receiving ${name}`);
    await ok();
  }
  await finish(sess);
}
