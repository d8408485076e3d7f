// HTTP server for the machine while it boots (http_directory, http_content): preseed,
// kickstart... The address the machine reaches it at is what {{.HTTPIP}}/{{.HTTPPort}} and the
// provisioners' PACKER_HTTP_ADDR give (qemu's user network: 10.0.2.2:PORT).
// Reads: nothing. Writes: STATE.http ({ ip, port }) when a server runs.
import { STATE, setState, type StateBag, type Step } from '../core/components.js';
import { startHttpServer, type RunningHttpServer } from '../net/http-server.js';
import { resolveLocalPath } from '../template/local-path.js';

export interface HttpServerOptions {
  directory?: string;
  content?: Record<string, string>;
  bindAddress: string;
  portMin: number;
  portMax: number;
  /** The host's address as the machine sees it. */
  guestIp: string;
  /** Template data for http_content bodies ({{.HTTPIP}}, {{.SSHPublicKey}}...). */
  data(state: StateBag): Record<string, unknown>;
  idPrefix: string;
}

export function httpServerStep(o: HttpServerOptions): Step {
  let server: RunningHttpServer | undefined;
  return {
    id: `${o.idPrefix}:http-server`,
    title: 'Start the HTTP server',
    kind: 'builder',
    async run(state, ctx) {
      if (!o.directory && !o.content) return 'continue';
      server = await startHttpServer({
        directory: o.directory ? resolveLocalPath(o.directory, ctx.templateDir) : undefined,
        content: o.content,
        render: (body) => ctx.render(body, o.data(state)),
        bindAddress: o.bindAddress,
        portMin: o.portMin,
        portMax: o.portMax,
        onRequest: (line) => ctx.ui.message(line),
      });
      ctx.ui.say(`Starting HTTP server on port ${server.port}`);
      setState(state, STATE.http, { ip: o.guestIp, port: server.port });
      return 'continue';
    },
    async cleanup() {
      await server?.close();
    },
  };
}
