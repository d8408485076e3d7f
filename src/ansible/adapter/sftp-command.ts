// What the adapter runs on the machine for an SFTP session when sftp_command is not set. Packer's
// default (/usr/lib/sftp-server -e) exists on few systems; this tries the usual places in turn.
const PLACES = ['/usr/lib/openssh/sftp-server', '/usr/lib/sftp-server', '/usr/libexec/openssh/sftp-server', '/usr/libexec/sftp-server', '/usr/lib/ssh/sftp-server'];

export const DEFAULT_SFTP_COMMAND =
  `for p in ${PLACES.join(' ')}; do [ -x "$p" ] && exec "$p" -e; done; ` +
  `echo "no sftp-server on the machine: install OpenSSH's sftp server there or set sftp_command" >&2; exit 127`;
