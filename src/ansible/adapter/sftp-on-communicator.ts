// An SFTP server for machines with no sftp-server (busybox or slim containers): ansible's file
// transfers become the Communicator's upload and download, through a local temp file per open
// handle; stat, mkdir, remove and rename become small shell commands on the machine.
import { closeSync, openSync, readSync, writeSync, mkdtempSync, rmSync, fstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import ssh2 from 'ssh2';
import type { Communicator } from '../../core/components.js';
import { shellQuote } from '../../util/shell-quote.js';

const { OPEN_MODE, STATUS_CODE } = ssh2.utils.sftp;

interface Handle {
  fd: number;
  local: string;
  remote: string;
  writing: boolean;
  mode: number;
}

export function serveSftp(sftp: ssh2.SFTPWrapper, comm: Communicator, signal: AbortSignal): void {
  const scratch = mkdtempSync(join(tmpdir(), 'pack-sftp-'));
  const handles = new Map<number, Handle>();
  let next = 0;
  let home: Promise<string> | undefined;
  const sh = async (command: string) => {
    let out = '';
    const r = await comm.run({ command, onStdout: (l) => (out += l + '\n'), signal });
    return { ok: r.exitCode === 0, out };
  };
  const absolute = async (p: string) => {
    if (p.startsWith('/')) return posix.normalize(p);
    home ??= sh('pwd').then((r) => r.out.trim() || '/');
    return posix.normalize(posix.join(await home, p || '.'));
  };
  const handleOf = (buf: Buffer) => (buf.length === 4 ? handles.get(buf.readUInt32BE(0)) : undefined);
  const fail = (id: number, err: unknown) => sftp.status(id, STATUS_CODE.FAILURE, (err as Error).message);
  const stat = async (id: number, path: string) => {
    const r = await sh(`stat -L -c '%s %f %Y %u %g' ${shellQuote(await absolute(path))} 2>/dev/null`);
    const [size, modeHex, mtime, uid, gid] = r.out.trim().split(' ');
    if (!r.ok || !modeHex) return sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
    sftp.attrs(id, { size: Number(size), mode: parseInt(modeHex, 16), mtime: Number(mtime), atime: Number(mtime), uid: Number(uid), gid: Number(gid) });
  };
  const simple = (id: number, command: Promise<{ ok: boolean }>) =>
    command.then((r) => sftp.status(id, r.ok ? STATUS_CODE.OK : STATUS_CODE.FAILURE), (e) => fail(id, e));

  sftp.on('REALPATH', (id, path) => {
    absolute(path).then((p) => sftp.name(id, [{ filename: p, longname: p, attrs: {} as ssh2.Attributes }]), (e) => fail(id, e));
  });
  sftp.on('STAT', (id, path) => void stat(id, path).catch((e) => fail(id, e)));
  sftp.on('LSTAT', (id, path) => void stat(id, path).catch((e) => fail(id, e)));
  sftp.on('OPEN', (id, filename, flags, attrs) => {
    void (async () => {
      const remote = await absolute(filename);
      const writing = (flags & OPEN_MODE.WRITE) !== 0;
      const local = join(scratch, String(next));
      if (!writing) {
        try {
          await comm.download(remote, local, { signal });
        } catch {
          return sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
        }
      }
      const fd = openSync(local, writing ? 'w+' : 'r');
      const n = next++;
      handles.set(n, { fd, local, remote, writing, mode: (attrs?.mode ?? 0o644) & 0o7777 });
      const h = Buffer.alloc(4);
      h.writeUInt32BE(n, 0);
      sftp.handle(id, h);
    })().catch((e) => fail(id, e));
  });
  sftp.on('WRITE', (id, handle, offset, data) => {
    const h = handleOf(handle);
    if (!h) return sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
    writeSync(h.fd, data, 0, data.length, offset);
    sftp.status(id, STATUS_CODE.OK);
  });
  sftp.on('READ', (id, handle, offset, len) => {
    const h = handleOf(handle);
    if (!h) return sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
    const buf = Buffer.alloc(len);
    const n = readSync(h.fd, buf, 0, len, offset);
    if (n === 0) sftp.status(id, STATUS_CODE.EOF);
    else sftp.data(id, buf.subarray(0, n));
  });
  sftp.on('FSTAT', (id, handle) => {
    const h = handleOf(handle);
    if (!h) return sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
    const st = fstatSync(h.fd);
    sftp.attrs(id, { size: st.size, mode: 0o100000 | h.mode, mtime: Math.floor(st.mtimeMs / 1000), atime: Math.floor(st.atimeMs / 1000), uid: 0, gid: 0 });
  });
  sftp.on('FSETSTAT', (id, handle, attrs) => {
    const h = handleOf(handle);
    if (h && attrs.mode !== undefined) h.mode = attrs.mode & 0o7777;
    sftp.status(id, h ? STATUS_CODE.OK : STATUS_CODE.FAILURE);
  });
  sftp.on('SETSTAT', (id, path, attrs) => {
    if (attrs.mode === undefined) return sftp.status(id, STATUS_CODE.OK);
    void absolute(path).then((p) => simple(id, sh(`chmod ${(attrs.mode! & 0o7777).toString(8)} ${shellQuote(p)}`)));
  });
  sftp.on('CLOSE', (id, handle) => {
    const h = handleOf(handle);
    if (!h) return sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
    handles.delete(handle.readUInt32BE(0));
    closeSync(h.fd);
    const done = h.writing ? comm.upload(h.local, h.remote, { mode: h.mode, signal }) : Promise.resolve();
    done.then(
      () => sftp.status(id, STATUS_CODE.OK),
      (e) => fail(id, e),
    ).finally(() => rmSync(h.local, { force: true }));
  });
  sftp.on('MKDIR', (id, path) => void absolute(path).then((p) => simple(id, sh(`mkdir ${shellQuote(p)}`))));
  sftp.on('REMOVE', (id, path) => void absolute(path).then((p) => simple(id, sh(`rm -f ${shellQuote(p)}`))));
  sftp.on('RMDIR', (id, path) => void absolute(path).then((p) => simple(id, sh(`rmdir ${shellQuote(p)}`))));
  sftp.on('RENAME', (id, from, to) => void Promise.all([absolute(from), absolute(to)]).then(([a, b]) => simple(id, sh(`mv ${shellQuote(a)} ${shellQuote(b)}`))));
  for (const op of ['OPENDIR', 'READDIR', 'READLINK', 'SYMLINK'] as const) {
    sftp.on(op, (id: number) => sftp.status(id, STATUS_CODE.OP_UNSUPPORTED, `${op} is not supported by pack's adapter`));
  }
  // The client is done (EOF): end our side too, so the channel closes and the client can exit.
  sftp.on('end', () => sftp.end());
  sftp.on('close', () => {
    for (const h of handles.values()) closeSync(h.fd);
    rmSync(scratch, { recursive: true, force: true });
  });
}

