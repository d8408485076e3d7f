// What the adapter does for an SFTP session when sftp_command is not set. Packer runs
// /usr/lib/sftp-server -e, which few systems have; pack looks for sftp-server in the usual places on
// the machine once, and serves SFTP itself on the Communicator when there is none.
import type { Communicator } from '../../core/components.js';

const PLACES = ['/usr/lib/openssh/sftp-server', '/usr/lib/sftp-server', '/usr/libexec/openssh/sftp-server', '/usr/libexec/sftp-server', '/usr/lib/ssh/sftp-server'];

/** The command that runs the machine's sftp-server, or undefined when it has none. */
export async function findSftpServer(comm: Communicator, signal: AbortSignal): Promise<string | undefined> {
  let found = '';
  const r = await comm.run({
    command: `for p in ${PLACES.join(' ')}; do if [ -x "$p" ]; then echo "$p"; exit 0; fi; done; exit 1`,
    onStdout: (l) => (found ||= l.trim()),
    signal,
  });
  return r.exitCode === 0 && found ? `${found} -e` : undefined;
}
