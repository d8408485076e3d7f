// DOCKER_HOST=ssh://: as the Docker CLI does, one `ssh HOST docker system dial-stdio` per connection;
// its stdin and stdout are the connection to the remote engine. The user's ssh (config, agent,
// known hosts) decides how to log in; BatchMode keeps it from prompting.
import { spawn } from 'node:child_process';
import { Duplex, PassThrough } from 'node:stream';
import type { Endpoint } from './endpoint.js';

export function sshDial(target: NonNullable<Endpoint['ssh']>): Duplex {
  const args = ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30'];
  if (target.port) args.push('-p', String(target.port));
  if (target.user) args.push('-l', target.user);
  args.push('--', target.host, 'docker', 'system', 'dial-stdio');
  const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // The connection's end waits for ssh's exit: an ssh that could not log in is an error, not an empty answer.
  const incoming = new PassThrough();
  let answered = false;
  child.stdout.on('data', () => (answered = true));
  child.stdout.pipe(incoming, { end: false });
  // Writes go through a stream of our own: ssh's stdin closing when ssh fails would otherwise end the
  // connection as a bare "Premature close" before ssh's exit can say why.
  const outgoing = new PassThrough();
  outgoing.pipe(child.stdin);
  const conn = Duplex.from({ readable: incoming, writable: outgoing });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  child.stdin.on('error', () => {});
  const fail = (message: string) => incoming.destroy(Object.assign(new Error(message), { code: 'ESSHDIAL' }));
  child.once('error', (err) => fail(`cannot run ssh: ${err.message}`));
  child.once('close', (code) => {
    if (code && !answered) fail(`ssh to ${target.host} failed (exit ${code}): ${stderr.trim() || 'no message'}`);
    else incoming.end();
  });
  // The connection ends when the request does: ssh goes with it.
  conn.once('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  return conn;
}
