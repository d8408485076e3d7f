// Serves http_directory and http_content to the guest while it boots (preseed, kickstart...).
import { createServer, type Server } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { pickPort } from './ports.js';

export interface HttpServeOptions {
  directory?: string;
  /** URL path -> body. Wins over a file of the same path. */
  content?: Record<string, string>;
  /** Applied to http_content bodies when served ({{.HTTPIP}}, {{.SSHPublicKey}}...). */
  render?(body: string): string;
  bindAddress: string;
  portMin: number;
  portMax: number;
  onRequest?(line: string): void;
}

export interface RunningHttpServer {
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(opts: HttpServeOptions): Promise<RunningHttpServer> {
  const root = opts.directory ? resolve(opts.directory) : undefined;
  const content = new Map(Object.entries(opts.content ?? {}).map(([k, v]) => [k.startsWith('/') ? k : `/${k}`, v]));
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const reply = (code: number) => opts.onRequest?.(`HTTP ${req.method} ${path} ${code}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return reply(405);
    }
    const raw = content.get(path);
    if (raw !== undefined) {
      let body: string;
      try {
        body = opts.render ? opts.render(raw) : raw;
      } catch (e) {
        res.writeHead(500).end();
        opts.onRequest?.(`HTTP ${req.method} ${path} 500: http_content: ${(e as Error).message}`);
        return;
      }
      res.writeHead(200, { 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return reply(200);
    }
    const file = root ? resolve(root, '.' + path) : undefined;
    if (!file || (file !== root && !file.startsWith(root + sep))) {
      res.writeHead(404).end();
      return reply(404);
    }
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      res.writeHead(404).end();
      return reply(404);
    }
    res.writeHead(200, { 'content-length': size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    reply(200);
  });
  const port = await listenInRange(server, opts);
  return {
    port,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function listenInRange(server: Server, opts: HttpServeOptions): Promise<number> {
  const tried = new Set<number>();
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await pickPort(opts.portMin, opts.portMax, opts.bindAddress, tried);
    tried.add(port);
    const ok = await new Promise<boolean>((done) => {
      server.once('error', () => done(false));
      server.listen(port, opts.bindAddress, () => done(true));
    });
    if (ok) return port;
  }
  throw new Error(`no free port for the HTTP server between ${opts.portMin} and ${opts.portMax}`);
}
