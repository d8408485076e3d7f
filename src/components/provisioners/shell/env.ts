// {{.Vars}} of the shell provisioner: Packer's flattened environment variables.
import type { ConnectionInfo } from '../../../core/components.js';
import { httpEnvironment } from '../../../core/connection-info.js';
import { formatEnvVar } from '../../../util/shell-quote.js';


export function collectEnv(
  config: Record<string, unknown>,
  build: { buildName: string; builderType: string; conn?: ConnectionInfo },
): Map<string, string> {
  const env = new Map<string, string>([
    ['PACKER_BUILDER_TYPE', build.builderType],
    ['PACKER_BUILD_NAME', build.buildName],
    ...httpEnvironment(build.conn),
  ]);
  const list = config.environment_vars;
  for (const kv of list === undefined ? [] : Array.isArray(list) ? (list as string[]) : [String(list)]) {
    const eq = kv.indexOf('=');
    if (eq > 0) env.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  if (config.env && typeof config.env === 'object') {
    for (const [k, v] of Object.entries(config.env as Record<string, unknown>)) env.set(k, String(v));
  }
  return env;
}

/** "A='1' B='2' ", sorted by name like Packer. */
export function flattenEnv(env: Map<string, string>, format = "%s='%s' "): string {
  return [...env.keys()]
    .sort()
    .map((k) => formatEnvVar(format, k, env.get(k)!))
    .join('');
}
