// The functions of Packer's JSON templates, for one rendering context.
import { lazy } from '../../util/lazy-require.js';
import { formatGoTime, RFC3339 } from './golayout.js';
import { strftime } from './strftime.js';
import type { GoFunc } from './render.js';

/** node:crypto brings twenty internal modules: loaded only by {{uuid}}. */
const nodeCrypto = lazy<typeof import('node:crypto')>('node:crypto');

/** The Packer version whose templates pack accepts (packer_version, min_packer_version). */
export const PACKER_COMPAT_VERSION = '1.6.6';

/** The values {{build `NAME`}} (and HCL2's build.NAME) give, known once the machine is up. */
export const BUILD_FIELDS = ['ID', 'Host', 'Port', 'User', 'Password', 'ConnType', 'PackerRunUUID', 'PackerHTTPAddr', 'PackerHTTPIP', 'PackerHTTPPort', 'SSHPublicKey', 'SSHPrivateKey', 'WinRMPassword'];

/** One timestamp per run, as Packer: every {{timestamp}} of a build agrees. */
const RUN_START = new Date();

export interface FuncContext {
  templateDir: string;
  /** Undefined where `{{user}}` is not available. */
  userVars?: Record<string, unknown>;
  /** Only variable defaults may read the environment. */
  env?: Record<string, string | undefined>;
  buildName?: string;
  buildType?: string;
  /** Run-time data of the build ({{build `ID`}}); undefined while preparing (the call is then kept for run time). */
  buildData?: Record<string, unknown>;
  /** Extra build-context functions with fixed values (PACKER_RUN_UUID...). */
  extra?: Record<string, GoFunc>;
  /**
   * Where set, {{user}} of an undeclared variable renders "" and is reported here, as Packer renders it
   * in builders, provisioners and post-processors; unset (variable defaults), it is an error.
   */
  onUndeclaredUser?: (name: string) => void;
}

function str(v: unknown, fn: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`${fn}: expected a string, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
}

function int(v: unknown, fn: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new Error(`${fn}: expected an integer, got ${JSON.stringify(v)}`);
  return n;
}

function arity(fn: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    throw new Error(`wrong number of args for ${fn}: want ${want} got ${args.length}`);
  }
}

export function cleanResourceName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 63);
}

export function packerFuncs(ctx: FuncContext): Record<string, GoFunc> {
  const f: Record<string, GoFunc> = {
    timestamp: (...a) => (arity('timestamp', a, 0), String(Math.floor(RUN_START.getTime() / 1000))),
    isotime: (...a) => {
      arity('isotime', a, 0, 1);
      return formatGoTime(new Date(), a.length ? str(a[0], 'isotime') : RFC3339);
    },
    uuid: (...a) => (arity('uuid', a, 0), nodeCrypto().randomUUID()),
    strftime: (...a) => (arity('strftime', a, 1), strftime(str(a[0], 'strftime'), RUN_START)),
    build: (...a) => {
      arity('build', a, 1);
      const name = str(a[0], 'build');
      if (ctx.buildData && name in ctx.buildData) return String(ctx.buildData[name]);
      if (!BUILD_FIELDS.includes(name)) throw new Error(`loaded data, but couldn't find ${name} in it (build values: ${BUILD_FIELDS.join(', ')})`);
      return ctx.buildData ? '' : `{{ .${name} }}`;
    },
    pwd: (...a) => (arity('pwd', a, 0), process.cwd()),
    template_dir: (...a) => (arity('template_dir', a, 0), ctx.templateDir),
    packer_version: (...a) => (arity('packer_version', a, 0), PACKER_COMPAT_VERSION),
    lower: (...a) => (arity('lower', a, 1), str(a[0], 'lower').toLowerCase()),
    upper: (...a) => (arity('upper', a, 1), str(a[0], 'upper').toUpperCase()),
    replace: (...a) => {
      arity('replace', a, 4);
      const [oldS, newS, n, s] = [str(a[0], 'replace'), str(a[1], 'replace'), int(a[2], 'replace'), str(a[3], 'replace')];
      if (n < 0) return s.split(oldS).join(newS);
      let out = s;
      let from = 0;
      for (let k = 0; k < n; k++) {
        const at = out.indexOf(oldS, from);
        if (at < 0) break;
        out = out.slice(0, at) + newS + out.slice(at + oldS.length);
        from = at + newS.length;
      }
      return out;
    },
    replace_all: (...a) => {
      arity('replace_all', a, 3);
      return str(a[2], 'replace_all').split(str(a[0], 'replace_all')).join(str(a[1], 'replace_all'));
    },
    split: (...a) => {
      arity('split', a, 3);
      const parts = str(a[0], 'split').split(str(a[1], 'split'));
      const i = int(a[2], 'split');
      if (i < 0 || i >= parts.length) throw new Error(`split: index ${i} out of range (${parts.length} parts)`);
      return parts[i];
    },
    clean_resource_name: (...a) => (arity('clean_resource_name', a, 1), cleanResourceName(str(a[0], 'clean_resource_name'))),
    user: (...a) => {
      arity('user', a, 1);
      const name = str(a[0], 'user');
      if (!ctx.userVars) throw new Error('user variables are not available here');
      if (!(name in ctx.userVars)) {
        if (!ctx.onUndeclaredUser) throw new Error(`variable "${name}" is not declared in "variables"`);
        ctx.onUndeclaredUser(name);
        return '';
      }
      const v = ctx.userVars[name];
      return v === null || v === undefined ? '' : v;
    },
    env: (...a) => {
      arity('env', a, 1);
      if (!ctx.env) throw new Error('env is only allowed in the default values of "variables"; declare a variable with {{env `NAME`}} and use {{user `name`}} here');
      return ctx.env[str(a[0], 'env')] ?? '';
    },
    build_name: (...a) => {
      arity('build_name', a, 0);
      if (ctx.buildName === undefined) throw new Error('build_name is only available inside a build');
      return ctx.buildName;
    },
    build_type: (...a) => {
      arity('build_type', a, 0);
      if (ctx.buildType === undefined) throw new Error('build_type is only available inside a build');
      return ctx.buildType;
    },
  };
  // Functions that read secrets stores: Packer has them, pack does not talk to those services.
  for (const name of ['vault', 'consul_key', 'aws_secretsmanager', 'sed']) {
    f[name] = () => {
      throw new Error(`the ${name} function is not supported by pack; pass the value with -var or a variable's {{env}} default instead`);
    };
  }
  return { ...f, ...ctx.extra };
}
