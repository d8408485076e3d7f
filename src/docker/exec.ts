// Runs a command in a container (exec create + start) and streams its output lines.
import { PassThrough } from 'node:stream';
import type { DockerClient } from './client.js';
import { Demuxer } from './demux.js';
import { LineSplitter } from '../util/lines.js';

export interface ExecOptions {
  containerId: string;
  /** Run through /bin/sh -c, as Packer does. */
  command: string;
  user?: string;
  onStdout?(line: string): void;
  onStderr?(line: string): void;
  /** Raw chunks as they come (a proxied byte stream), besides the lines. */
  onStdoutData?(chunk: Buffer): void;
  onStderrData?(chunk: Buffer): void;
  /** Fed to the command's stdin, which is then closed. */
  stdin?: NodeJS.ReadableStream | Buffer | string;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number | null;
  /** The output, when no line callback was given for that stream (small helper commands). */
  stdout: string;
  stderr: string;
}

export async function exec(client: DockerClient, o: ExecOptions): Promise<ExecResult> {
  const created = await client.json<{ Id: string }>('POST', `/containers/${o.containerId}/exec`, {
    body: { AttachStdin: o.stdin !== undefined, AttachStdout: true, AttachStderr: true, Tty: false, User: o.user ?? '', Cmd: ['/bin/sh', '-c', o.command] },
    signal: o.signal,
  });
  const out = { stdout: '', stderr: '' };
  const splitters = {
    stdout: new LineSplitter((l) => (o.onStdout ? o.onStdout(l) : (out.stdout += l + '\n'))),
    stderr: new LineSplitter((l) => (o.onStderr ? o.onStderr(l) : (out.stderr += l + '\n'))),
  };
  const demux = new Demuxer((stream, data) => {
    (stream === 'stdout' ? o.onStdoutData : o.onStderrData)?.(data);
    splitters[stream].push(data);
  });
  try {
    const res =
      o.stdin === undefined
        ? await client.request('POST', `/exec/${created.Id}/start`, { body: { Detach: false, Tty: false }, signal: o.signal })
        : await startWithStdin(client, created.Id, o.stdin, o.signal);
    // The request's signal ends the connection, but the stream would only notice later: end it now.
    const stop = () => res.destroy(new Error('aborted'));
    if (o.signal?.aborted) stop();
    o.signal?.addEventListener('abort', stop, { once: true });
    try {
      for await (const chunk of res) demux.push(chunk as Buffer);
    } finally {
      o.signal?.removeEventListener('abort', stop);
    }
  } catch (e) {
    if (o.signal?.aborted) return { exitCode: null, ...out };
    throw e;
  }
  splitters.stdout.end();
  splitters.stderr.end();
  // The stream can end a moment before the engine records the exit code.
  for (let i = 0; i < 100; i++) {
    const info = await client.json<{ Running: boolean; ExitCode: number | null }>('GET', `/exec/${created.Id}/json`);
    if (!info.Running) return { exitCode: info.ExitCode ?? null, ...out };
    await new Promise((r) => setTimeout(r, 20));
  }
  return { exitCode: null, ...out };
}

/** Starts the exec on a hijacked connection, writes stdin to it and half-closes it; the output comes back on it. */
async function startWithStdin(
  client: DockerClient,
  id: string,
  stdin: NodeJS.ReadableStream | Buffer | string,
  signal?: AbortSignal,
): Promise<AsyncIterable<Buffer> & { destroy(err?: Error): void }> {
  const { socket, head } = await client.hijack(`/exec/${id}/start`, { Detach: false, Tty: false }, signal);
  const out = new PassThrough();
  if (head.length) out.write(head);
  socket.on('data', (c: Buffer) => out.write(c));
  socket.on('end', () => out.end());
  socket.on('close', () => out.end());
  socket.on('error', (e) => out.destroy(e));
  out.on('close', () => socket.destroy());
  if (typeof stdin === 'string' || Buffer.isBuffer(stdin)) socket.end(stdin);
  else {
    stdin.on('error', () => socket.end());
    socket.once('close', () => stdin.unpipe(socket));
    stdin.pipe(socket);
  }
  return out;
}
