// Reads a template or variables file, refusing what is not a regular file before reading a
// byte: a FIFO would block for ever, /dev/zero would be read until memory runs out. Opened
// non-blocking and checked on the open descriptor, so a swap between check and read cannot
// slip one through.
import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { UserError } from '../errors.js';

/** Why a path cannot be read, in words, from an fs error code. */
export function unreadableReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'ELOOP':
      return 'is a loop of symbolic links';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'does not exist (a part of its path is not a folder)';
    default:
      return `cannot be read: ${code ?? (err as Error).message}`;
  }
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The text of a regular file; `what` names it in errors ("template", "-var-file"). */
export async function readRegularFile(path: string, what = 'file'): Promise<string> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new UserError(`Error: ${what} "${path}" ${unreadableReason(err)}`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new UserError(`Error: ${what} "${path}" is ${kindOf(st)}: give the path of a regular file`);
    return await handle.readFile('utf8');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`Error: ${what} "${path}" ${unreadableReason(err)}`);
  } finally {
    await handle.close();
  }
}

/** A folder's entries; `what` names it in errors ("the folder", "template folder"). */
export async function readFolder(path: string, what = 'folder'): Promise<Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (err) {
    throw new UserError(`Error: ${what} "${path}" ${unreadableReason(err).replace('cannot be read', 'cannot be listed')}`);
  }
}
