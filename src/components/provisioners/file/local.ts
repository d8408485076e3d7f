// With communicator "none" the machine is this one, so the file provisioner copies locally,
// with the same trailing-slash rules as over SSH.
import { makeDirs } from '../../../core/make-dirs.js';
import { cp, stat, writeFile, chmod } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function copyLocal(src: string, dst: string, endsWithSlash: boolean): Promise<void> {
  const st = await stat(src);
  if (st.isDirectory()) {
    const target = src.endsWith('/') ? dst : join(dst, basename(src));
    makeDirs(target);
    await cp(src, target, { recursive: true, force: true, preserveTimestamps: false });
    await chmod(target, st.mode & 0o7777);
    return;
  }
  const target = endsWithSlash ? join(dst, basename(src)) : dst;
  makeDirs(dirname(target));
  await cp(src, target, { force: true });
  await chmod(target, st.mode & 0o7777);
}

export async function writeLocal(content: string, dst: string): Promise<void> {
  makeDirs(dirname(dst));
  await writeFile(dst, content);
}
