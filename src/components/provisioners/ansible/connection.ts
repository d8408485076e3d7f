// The one place the ansible provisioner reads the build's connection. ctx.conn is the typed record
// the core's connect step fills (#11); until every builder sets it, the record is derived from the
// untyped connInfo and, over SSH, from the communicator's own settings, which hold the key actually
// in use (the template's or the builder's temporary one).
import type { ConnectionInfo, ProvisionContext } from '../../../core/components.js';
import { SshCommunicator } from '../../../ssh/communicator.js';
import { resolveLocalPath } from '../../../template/local-path.js';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function connectionOf(ctx: ProvisionContext): ConnectionInfo {
  if (ctx.conn) return ctx.conn;
  const info = ctx.connInfo ?? {};
  const base: ConnectionInfo = {
    type: ctx.commType,
    builderType: ctx.builderType,
    buildName: ctx.buildName,
  };
  if (ctx.comm instanceof SshCommunicator) {
    const o = ctx.comm.options;
    const given = str(info.ssh_private_key_file);
    const keyFile = given ? resolveLocalPath(given, ctx.templateDir) : undefined;
    return {
      ...base,
      host: o.host,
      port: o.port,
      user: o.username,
      ...(o.password !== undefined ? { password: o.password } : {}),
      ...(o.privateKey ? { privateKey: o.privateKey } : {}),
      ...(keyFile && !str(info.ssh_private_key) ? { privateKeyFile: keyFile } : {}),
      ...(o.temporaryPublicKey && !keyFile && !str(info.ssh_private_key) ? { temporaryKey: true } : {}),
    };
  }
  return {
    ...base,
    host: str(info.ssh_host) ?? str(info.host),
    ...(info.ssh_port !== undefined ? { port: Number(info.ssh_port) } : {}),
    user: str(info.ssh_username),
    ...(str(info.container_id) ? { id: str(info.container_id) } : {}),
  };
}
