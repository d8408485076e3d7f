// Turns Packer's `run_command` (arguments of `docker run`) into an Engine API container-create body.
import { parseArgs } from 'node:util';

const VALUE_OPTIONS = {
  entrypoint: { type: 'string' },
  user: { type: 'string', short: 'u' },
  workdir: { type: 'string', short: 'w' },
  env: { type: 'string', short: 'e', multiple: true },
  volume: { type: 'string', short: 'v', multiple: true },
  name: { type: 'string' },
  network: { type: 'string' },
  net: { type: 'string' },
  hostname: { type: 'string', short: 'h' },
  'cap-add': { type: 'string', multiple: true },
  'cap-drop': { type: 'string', multiple: true },
  tmpfs: { type: 'string', multiple: true },
  device: { type: 'string', multiple: true },
  label: { type: 'string', short: 'l', multiple: true },
  platform: { type: 'string' },
  'add-host': { type: 'string', multiple: true },
} as const;

const FLAG_OPTIONS = {
  detach: { type: 'boolean', short: 'd' },
  interactive: { type: 'boolean', short: 'i' },
  tty: { type: 'boolean', short: 't' },
  privileged: { type: 'boolean' },
  rm: { type: 'boolean' },
  init: { type: 'boolean' },
} as const;

export interface CreateRequest {
  /** Query parameters of POST /containers/create. */
  query: { name?: string; platform?: string };
  body: Record<string, any>;
}

/** Builder settings that add to what run_command says (Packer passes them as extra flags). */
export interface ExtraRunSettings {
  volumes?: Record<string, string>;
  privileged?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  tmpfs?: string[];
  device?: string[];
  platform?: string;
}

/** Splits "-d -i -- img cmd" / "-d img cmd" into options and [image, ...command], as docker does. */
function split(args: string[]): { options: string[]; rest: string[] } {
  const takesValue = new Set<string>();
  for (const [long, spec] of Object.entries(VALUE_OPTIONS)) {
    takesValue.add(`--${long}`);
    if ('short' in spec) takesValue.add(`-${spec.short}`);
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return { options: args.slice(0, i), rest: args.slice(i + 1) };
    if (!a.startsWith('-') || a === '-') return { options: args.slice(0, i), rest: args.slice(i) };
    if (takesValue.has(a)) i++;
  }
  return { options: args, rest: [] };
}

export function createRequest(runCommand: string[], extra: ExtraRunSettings = {}): CreateRequest {
  const { options, rest } = split(runCommand);
  let values;
  try {
    ({ values } = parseArgs({ args: options, options: { ...VALUE_OPTIONS, ...FLAG_OPTIONS }, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new Error(`run_command: ${(e as Error).message.replace(/\. To specify.*$/s, '')} (pack understands: ${supported()})`);
  }
  const [image, ...cmd] = rest;
  if (!image) throw new Error('run_command names no image: end it with "--", "{{.Image}}"');

  const binds = [...(values.volume ?? [])];
  for (const [host, container] of Object.entries(extra.volumes ?? {})) binds.push(`${host}:${container}`);
  const tmpfs: Record<string, string> = {};
  for (const t of [...(values.tmpfs ?? []), ...(extra.tmpfs ?? [])]) {
    const [path, opts = ''] = t.split(/:(.*)/s);
    tmpfs[path] = opts;
  }
  const devices = [...(values.device ?? []), ...(extra.device ?? [])].map((d) => {
    const [onHost, inContainer = onHost, perms = 'rwm'] = d.split(':');
    return { PathOnHost: onHost, PathInContainer: inContainer, CgroupPermissions: perms };
  });
  const labels: Record<string, string> = {};
  for (const l of values.label ?? []) {
    const [k, v = ''] = l.split(/=(.*)/s);
    labels[k] = v;
  }

  const body: Record<string, any> = {
    Image: image,
    Tty: values.tty === true,
    OpenStdin: values.interactive === true,
    StdinOnce: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Labels: labels,
    HostConfig: {
      Privileged: values.privileged === true || extra.privileged === true,
      Binds: binds,
      CapAdd: [...(values['cap-add'] ?? []), ...(extra.capAdd ?? [])],
      CapDrop: [...(values['cap-drop'] ?? []), ...(extra.capDrop ?? [])],
      Tmpfs: tmpfs,
      Devices: devices,
      ExtraHosts: values['add-host'] ?? [],
      Init: values.init === true,
    },
  };
  if (values.entrypoint !== undefined) body.Entrypoint = values.entrypoint === '' ? [''] : [values.entrypoint];
  if (cmd.length > 0) body.Cmd = cmd;
  if (values.user) body.User = values.user;
  if (values.workdir) body.WorkingDir = values.workdir;
  if (values.env) body.Env = values.env;
  if (values.hostname) body.Hostname = values.hostname;
  const network = values.network ?? values.net;
  if (network) body.HostConfig.NetworkMode = network;
  return { query: { name: values.name, platform: values.platform ?? extra.platform }, body };
}

function supported(): string {
  return [...Object.keys(FLAG_OPTIONS), ...Object.keys(VALUE_OPTIONS)].map((k) => `--${k}`).join(' ');
}
