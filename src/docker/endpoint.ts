// Where the Docker Engine API answers: DOCKER_HOST (unix:// or tcp://) or the default socket.
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
}

export function resolveEndpoint(env: NodeJS.ProcessEnv = process.env): Endpoint {
  const raw = env.DOCKER_HOST?.trim();
  if (!raw) return { socketPath: DEFAULT_SOCKET, url: `unix://${DEFAULT_SOCKET}`, source: 'default' };
  if (raw.startsWith('unix://')) return { socketPath: raw.slice('unix://'.length), url: raw, source: 'DOCKER_HOST' };
  if (raw.startsWith('/')) return { socketPath: raw, url: raw, source: 'DOCKER_HOST' };
  const m = /^(?:tcp|http):\/\/\[?([^\]/]+?)\]?(?::(\d+))?\/?$/.exec(raw);
  if (m && env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0') {
    throw new UserError(
      `DOCKER_TLS_VERIFY is set for DOCKER_HOST=${raw}: pack talks to engines over a unix socket or plain tcp only; ` +
        'reach a TLS engine through an SSH tunnel or a local socket instead',
    );
  }
  if (m) return { host: m[1], port: m[2] ? Number(m[2]) : 2375, url: raw, source: 'DOCKER_HOST' };
  throw new UserError(
    `DOCKER_HOST="${raw}" is not understood: use unix:///path/to/docker.sock or tcp://host:port (TLS is not supported)`,
  );
}

/** "DOCKER_HOST=unix:///x" or "the default socket /var/run/docker.sock (DOCKER_HOST is not set)". */
export function describeEndpoint(ep: Endpoint): string {
  return ep.source === 'DOCKER_HOST'
    ? `DOCKER_HOST=${ep.url}`
    : `the default socket ${DEFAULT_SOCKET} (DOCKER_HOST is not set)`;
}
