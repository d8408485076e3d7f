// A small Docker Engine API client: HTTP over the unix socket, tcp (TLS too) or ssh (node:http/https).
// Works against Docker and Podman's Docker-compatible service.
import { Readable, type Duplex } from 'node:stream';
import { Agent, request, type IncomingMessage, type RequestOptions as HttpOptions } from 'node:http';
import { isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { UserError } from '../errors.js';
import { describeEndpoint, resolveEndpoint, type Endpoint } from './endpoint.js';
import { sshDial as sshDialer } from './ssh-dial.js';

const API = '/v1.41';

/**
 * A connection per request: exec and attach hijack theirs, and a pooled connection the engine
 * dropped while idle would fail the next request for nothing. On a unix socket a connect is cheap.
 */
const agent = new Agent({ keepAlive: false });

/** Errors that mean the engine cannot be reached at all (rather than a failed request). */
// ECONNRESET/EPIPE: the engine went away in the middle of a request (it stopped, or was killed).
const UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'ENOTFOUND', 'EHOSTUNREACH', 'ESSHDIAL', 'ECONNRESET', 'EPIPE']);

/** node:http or node:https options for the endpoint. */
function transport(ep: Endpoint): { send: typeof request; options: HttpOptions & Record<string, unknown> } {
  if (ep.ssh) {
    const target = ep.ssh;
    return {
      send: request,
      options: { host: 'docker', createConnection: () => sshDialer(target) } as HttpOptions & Record<string, unknown>,
    };
  }
  if (ep.tls) {
    const { ca, cert, key, verify } = ep.tls;
    const host = ep.host ?? 'localhost';
    // A TLS socket of our own per request, as for ssh (no https agent between).
    const createConnection = () =>
      tlsConnect({ host, port: ep.port, ca, cert, key, rejectUnauthorized: verify, ...(isIP(host) ? {} : { servername: host }) });
    return { send: request, options: { host, port: ep.port, createConnection } as HttpOptions & Record<string, unknown> };
  }
  return { send: request, options: { agent, socketPath: ep.socketPath, host: ep.host ?? 'localhost', port: ep.port } };
}

export interface RequestOptions {
  /** Arrays repeat the parameter (changes=...&changes=...). */
  query?: Record<string, string | number | boolean | string[] | undefined>;
  /** Objects are sent as JSON; streams are piped. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Statuses that are not errors besides 2xx (e.g. 304 on start of a running container). */
  accept?: number[];
}

/** The engine answered with an error status. */
export class DockerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DockerApiError';
  }
}

export class DockerClient {
  readonly endpoint: Endpoint;

  constructor(endpoint: Endpoint = resolveEndpoint()) {
    this.endpoint = endpoint;
  }

  /** Sends a request; resolves with the response once the status is known to be a success. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<IncomingMessage> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (Array.isArray(v)) for (const item of v) qs.append(k, item);
      else if (v !== undefined) qs.set(k, String(v));
    }
    const fullPath = API + path + (qs.size > 0 ? `?${qs}` : '');
    const headers: Record<string, string> = { ...opts.headers };
    let body: Buffer | Readable | undefined;
    if (opts.body instanceof Readable) body = opts.body;
    else if (Buffer.isBuffer(opts.body)) body = opts.body;
    else if (typeof opts.body === 'string') body = Buffer.from(opts.body);
    else if (opts.body !== undefined) {
      body = Buffer.from(JSON.stringify(opts.body));
      headers['Content-Type'] ??= 'application/json';
    }
    if (Buffer.isBuffer(body)) headers['Content-Length'] = String(body.length);

    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const { send, options } = transport(this.endpoint);
      const req = send({ ...options, method, path: fullPath, headers, signal: opts.signal }, resolve);
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err.name === 'AbortError') reject(err);
        else if (UNREACHABLE.has(err.code ?? '')) reject(this.unreachable(err));
        else if (this.endpoint.tls && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(`${err.code} ${err.message}`)) reject(this.tlsFailed(err));
        else reject(err);
      });
      if (body instanceof Readable) {
        body.on('error', (e) => req.destroy(e));
        body.pipe(req);
      } else req.end(body);
    });
    const status = res.statusCode ?? 0;
    if ((status >= 200 && status < 300) || opts.accept?.includes(status)) return res;
    const text = (await readAll(res)).toString('utf8');
    let message = text.trim();
    try {
      const parsed = JSON.parse(text) as { message?: string };
      if (parsed.message) message = parsed.message;
    } catch {
      /* not JSON: keep the text */
    }
    throw new DockerApiError(status, message || `HTTP ${status}`);
  }

  async json<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    const text = (await readAll(res)).toString('utf8');
    return (text.trim() ? JSON.parse(text) : undefined) as T;
  }

  /** For requests whose answer is discarded. */
  async call(method: string, path: string, opts: RequestOptions = {}): Promise<void> {
    const res = await this.request(method, path, opts);
    res.resume();
    await new Promise<void>((resolve, reject) => {
      res.on('end', resolve);
      res.on('error', reject);
    });
  }

  /**
   * Endpoints that stream JSON progress lines (pull, push, import, load). Resolves with every
   * message; an `error` field in the stream rejects, as the engine reports failures that way.
   */
  async progress(method: string, path: string, opts: RequestOptions = {}, onLine?: (m: ProgressMessage) => void): Promise<ProgressMessage[]> {
    const res = await this.request(method, path, opts);
    const all: ProgressMessage[] = [];
    let pending = '';
    for await (const chunk of res) {
      pending += chunk.toString('utf8');
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line) handle(line);
      }
    }
    if (pending.trim()) handle(pending.trim());
    const failed = all.find((m) => m.error || m.errorDetail?.message);
    if (failed) throw new DockerApiError(500, failed.error ?? failed.errorDetail?.message ?? 'failed');
    return all;

    function handle(line: string): void {
      let m: ProgressMessage;
      try {
        m = JSON.parse(line) as ProgressMessage;
      } catch {
        m = { stream: line };
      }
      all.push(m);
      onLine?.(m);
    }
  }

  /**
   * A request the engine answers by handing over the connection (exec start with stdin attached):
   * resolves with the raw socket, whose writes reach the process's stdin.
   */
  async hijack(path: string, body: unknown, signal?: AbortSignal): Promise<{ socket: Duplex; head: Buffer }> {
    const ep = this.endpoint;
    const data = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request({
        agent,
        socketPath: ep.socketPath,
        host: ep.host ?? 'localhost',
        port: ep.port,
        method: 'POST',
        path: API + path,
        signal,
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(data.length), Connection: 'Upgrade', Upgrade: 'tcp' },
      });
      req.on('upgrade', (_res, socket, head) => resolve({ socket, head }));
      req.on('response', async (res) => {
        const text = (await readAll(res)).toString('utf8');
        reject(new DockerApiError(res.statusCode ?? 0, `the engine did not hand over the connection (HTTP ${res.statusCode}): ${text.trim()}`));
      });
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(UNREACHABLE.has(err.code ?? '') ? this.unreachable(err) : err),
      );
      req.end(data);
    });
  }

  async ping(signal?: AbortSignal): Promise<void> {
    await this.call('GET', '/_ping', { signal });
  }

  private tlsFailed(err: NodeJS.ErrnoException): UserError {
    return new UserError(
      `TLS with the Docker engine at ${describeEndpoint(this.endpoint)} failed: ${err.message}.\n` +
        'Check that DOCKER_CERT_PATH holds the ca.pem that signed the engine\'s certificate (and cert.pem/key.pem if it asks for a client certificate).',
    );
  }

  private unreachable(err: NodeJS.ErrnoException): UserError {
    if (err.code === 'ESSHDIAL') return new UserError(`Cannot reach a Docker engine through ${describeEndpoint(this.endpoint)}: ${err.message}`);
    return new UserError(
      `Cannot reach a Docker engine through ${describeEndpoint(this.endpoint)}: ${err.code ?? err.message}.\n` +
        'Start Docker (or Podman\'s service: `podman system service --time=0 unix:///path/podman.sock`) ' +
        'and point DOCKER_HOST at its socket (unix:///path) or address (tcp://host:port).',
    );
  }
}

export interface ProgressMessage {
  status?: string;
  stream?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
  aux?: Record<string, unknown>;
}

export async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(parts);
}
