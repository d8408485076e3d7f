// Whether a Docker Engine API answers here: fast (a short timeout) and asked once per process.
import { resolveEndpoint } from './endpoint.js';

let cached: Promise<boolean> | undefined;

export function engineAnswers(): Promise<boolean> {
  cached ??= ping(500);
  return cached;
}

async function ping(timeoutMs: number): Promise<boolean> {
  // Loaded here: every command imports the schemas, and `pack version` must start fast.
  const { request } = await import('node:http');
  return new Promise((resolve) => {
    let ep;
    try {
      ep = resolveEndpoint();
    } catch {
      resolve(false);
      return;
    }
    const req = request(
      { socketPath: ep.socketPath, host: ep.host, port: ep.port, path: '/_ping', method: 'GET', timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
