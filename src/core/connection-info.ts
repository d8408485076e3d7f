// The typed connection record provisioners get (ProvisionContext.conn), assembled once by the
// connect step from the communicator's own description, the builder's HTTP server and its
// temporary key pair (packer-plugin-sdk's PopulateProvisionHookData).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE, getState, type BuildContext, type ConnectionInfo, type StateBag } from './components.js';

export function connectionInfo(
  type: string,
  described: Partial<ConnectionInfo>,
  state: StateBag,
  ctx: BuildContext,
): ConnectionInfo {
  const http = getState(state, STATE.http);
  const key = getState(state, STATE.sshKeyPair);
  const info: ConnectionInfo = { type, builderType: ctx.builderType, buildName: ctx.buildName, ...described };
  if (http) Object.assign(info, { httpAddr: `${http.ip}:${http.port}`, httpIp: http.ip, httpPort: http.port });
  // The builder's temporary key, when the communicator logs in with it (no key of the template's).
  if (key && (info.privateKey === key.privateKey || (type === 'ssh' && !info.privateKey && info.password === undefined))) {
    info.privateKey = key.privateKey;
    info.temporaryKey = true;
    info.privateKeyFile = key.privateKeyFile;
  }
  if (info.privateKey && !info.privateKeyFile) {
    info.privateKeyFile = join(ctx.tempDir, 'connection-key');
    writeFileSync(info.privateKeyFile, info.privateKey, { mode: 0o600 });
  }
  return info;
}

/** Environment variables Packer gives shell and shell-local about the builder's HTTP server. */
export function httpEnvironment(conn: ConnectionInfo | undefined): [string, string][] {
  if (!conn?.httpAddr) return [];
  return [
    ['PACKER_HTTP_ADDR', conn.httpAddr],
    ['PACKER_HTTP_IP', conn.httpIp ?? ''],
    ['PACKER_HTTP_PORT', String(conn.httpPort ?? '')],
  ];
}
