// ansible-playbook's arguments and environment, in Packer 1.6.6's order.
import type { ConnectionInfo, ProvisionContext } from '../../../core/components.js';
import type { AnsibleConfig } from './index.js';

/** Where ansible connects: the machine itself, or the adapter on loopback. */
export interface Target {
  host: string;
  port: number;
  user: string;
  /** The private key ansible logs in with, when pack provides one. */
  keyFile?: string;
  adapter: boolean;
}

/** Values the fields may name at run time ({{.HTTPIP}}, {{.Host}}...), as Packer's generated data. */
export function runtimeData(ctx: ProvisionContext, conn: ConnectionInfo, target: Target): Record<string, unknown> {
  const [httpIp, httpPort] = (conn.httpAddr ?? '').split(':');
  return {
    ConnType: conn.type,
    Host: target.host,
    Port: target.port,
    User: target.user,
    Password: conn.password ?? '',
    PackerHTTPAddr: conn.httpAddr ?? '',
    HTTPIP: conn.httpIp ?? httpIp ?? '',
    HTTPPort: conn.httpPort ?? httpPort ?? '',
    SSHPrivateKeyFile: target.keyFile ?? '',
    ID: conn.id ?? '',
    PackerRunUUID: ctx.runUuid,
  };
}

function renderAll(list: string[] | undefined, ctx: ProvisionContext, data: Record<string, unknown>): string[] {
  return (list ?? []).map((s) => (s.includes('{{') ? ctx.render(s, data) : s));
}

const mentions = (name: string, list: string[]) => list.some((a) => a.includes(name));

export function ansibleArgs(
  c: AnsibleConfig,
  ctx: ProvisionContext,
  conn: ConnectionInfo,
  target: Target,
  inventory: string,
  playbook: string,
): string[] {
  const data = runtimeData(ctx, conn, target);
  const args = ['-e', `packer_build_name=${JSON.stringify(ctx.buildName)}`, '-e', `packer_builder_type=${ctx.builderType}`];
  if (conn.httpAddr) args.push('-e', `packer_http_addr=${conn.httpAddr}`);
  if (target.keyFile) {
    const extra = c.ansible_ssh_extra_args?.length ? c.ansible_ssh_extra_args.join('') : defaultSshExtraArgs(c, target);
    args.push('--ssh-extra-args', `'${extra}'`);
  }
  args.push(...renderAll(c.extra_arguments, ctx, data));
  const hasPassword = mentions('ansible_password', args);
  if (!hasPassword && target.keyFile) args.push('-e', `ansible_ssh_private_key_file=${target.keyFile}`);
  if (hasPassword && conn.type === 'ssh' && !mentions('ansible_host_key_checking', args) && !mentions('ANSIBLE_HOST_KEY_CHECKING', c.ansible_env_vars ?? [])) {
    args.push('-e', 'ansible_host_key_checking=False');
  }
  args.push('-i', inventory, playbook);
  return args;
}

/** The adapter's one-time host key is worth nothing tomorrow: keep it out of ~/.ssh/known_hosts. */
function defaultSshExtraArgs(c: AnsibleConfig, target: Target): string {
  return target.adapter && !c.ssh_host_key_file ? '-o IdentitiesOnly=yes -o UserKnownHostsFile=/dev/null' : '-o IdentitiesOnly=yes';
}

export function ansibleEnv(c: AnsibleConfig, ctx: ProvisionContext, data: Record<string, unknown>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const pairs = renderAll(c.ansible_env_vars, ctx, data);
  // Packer appends these after the template's, and the last value of a name wins.
  if (!c.ssh_host_key_file) pairs.push('ANSIBLE_HOST_KEY_CHECKING=False');
  if (c.use_sftp !== true) pairs.push('ANSIBLE_SCP_IF_SSH=True');
  for (const kv of pairs) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return env;
}
