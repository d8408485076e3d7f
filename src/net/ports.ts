// Picks a free TCP port in [min, max] by trying to listen on it, starting at a random
// place so that parallel builds rarely collide.
import { createServer } from 'node:net';

export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function pickPort(min: number, max: number, host = '127.0.0.1', skip: Set<number> = new Set()): Promise<number> {
  const span = max - min + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = min + ((start + i) % span);
    if (skip.has(port)) continue;
    if (await isPortFree(port, host)) return port;
  }
  throw new Error(`no free port between ${min} and ${max} on ${host}`);
}
