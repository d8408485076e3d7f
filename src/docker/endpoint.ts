// Where the Docker Engine API answers: DOCKER_HOST (unix://, tcp:// with or without TLS, ssh://)
// or the default socket. TLS as the Docker CLI: DOCKER_TLS_VERIFY (or DOCKER_TLS) with the
// certificates in DOCKER_CERT_PATH (default ~/.docker): ca.pem, cert.pem, key.pem.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export interface Endpoint {
  /** unix socket path, or undefined for tcp. */
  socketPath?: string;
  host?: string;
  port?: number;
  /** As the user wrote it (for messages). */
  url: string;
  /** Where the value came from, for messages. */
  source: 'DOCKER_HOST' | 'default';
  /** tcp:// over TLS. */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; verify: boolean };
  /** ssh://: the engine is reached through `ssh HOST docker system dial-stdio`. */
  ssh?: { host: string; port?: number; user?: string };
}

const on = (v: string | undefined) => v !== undefined && v !== '' && v !== '0';

function tlsFrom(env: NodeJS.ProcessEnv, raw: string): Endpoint['tls'] {
  const verify = on(env.DOCKER_TLS_VERIFY);
  if (!verify && !on(env.DOCKER_TLS)) return undefined;
  const dir = env.DOCKER_CERT_PATH || join(homedir(), '.docker');
  const read = (name: string, needed: boolean): Buffer | undefined => {
    try {
      return readFileSync(join(dir, name));
    } catch (err) {
      if (!needed) return undefined;
      throw new UserError(
        `DOCKER_HOST=${raw} with TLS needs ${join(dir, name)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. ` +
          'Point DOCKER_CERT_PATH at the folder that holds ca.pem, cert.pem and key.pem.',
      );
    }
  };
  // The client certificate is optional (an engine may not ask for one); with verification the CA is not.
  const cert = read('cert.pem', false);
  const key = cert ? read('key.pem', true) : undefined;
  return { ca: read('ca.pem', verify), cert, key, verify };
}

export function resolveEndpoint(env: NodeJS.ProcessEnv = process.env): Endpoint {
  const raw = env.DOCKER_HOST?.trim();
  if (!raw) return { socketPath: DEFAULT_SOCKET, url: `unix://${DEFAULT_SOCKET}`, source: 'default' };
  if (raw.startsWith('unix://')) return { socketPath: raw.slice('unix://'.length), url: raw, source: 'DOCKER_HOST' };
  if (raw.startsWith('/')) return { socketPath: raw, url: raw, source: 'DOCKER_HOST' };
  const m = /^(?:tcp|http):\/\/\[?([^\]/]+?)\]?(?::(\d+))?\/?$/.exec(raw);
  if (m) {
    const tls = tlsFrom(env, raw);
    return { host: m[1], port: m[2] ? Number(m[2]) : tls ? 2376 : 2375, url: raw, source: 'DOCKER_HOST', ...(tls ? { tls } : {}) };
  }
  const s = /^ssh:\/\/(?:([^@/]+)@)?\[?([^\]/:]+)\]?(?::(\d+))?\/?$/.exec(raw);
  if (s) return { ssh: { host: s[2], ...(s[1] ? { user: s[1] } : {}), ...(s[3] ? { port: Number(s[3]) } : {}) }, url: raw, source: 'DOCKER_HOST' };
  throw new UserError(
    `DOCKER_HOST="${raw}" is not understood: use unix:///path/to/docker.sock, tcp://host:port (TLS with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH) or ssh://user@host[:port]`,
  );
}

/** "DOCKER_HOST=unix:///x" or "the default socket /var/run/docker.sock (DOCKER_HOST is not set)". */
export function describeEndpoint(ep: Endpoint): string {
  return ep.source === 'DOCKER_HOST'
    ? `DOCKER_HOST=${ep.url}`
    : `the default socket ${DEFAULT_SOCKET} (DOCKER_HOST is not set)`;
}

/** The endpoint a builder recorded (its DOCKER_HOST), with this process's TLS settings; the environment's without one. */
export function endpointFor(host: string | undefined): Endpoint {
  return resolveEndpoint(host ? { ...process.env, DOCKER_HOST: host } : process.env);
}
