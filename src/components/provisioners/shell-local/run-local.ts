// Runs shell-local scripts the way Packer 1.6.6 does: inline commands go to a temporary
// script with a shebang; each script runs through execute_command with {{.Vars}} and
// {{.Script}} filled in; output streams line by line; the exit code is checked.
import { startInGroup } from '../../../util/process-group.js';
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import type { BuildContext, ProvisionContext } from '../../../core/components.js';
import { resolveLocalPath } from '../../../template/local-path.js';
import { httpEnvironment } from '../../../core/connection-info.js';
import { formatEnvVar } from '../../../util/shell-quote.js';
import { goOs } from './fields.js';
import { trackLeftover } from '../../../core/leftovers.js';
import { invalidExitCode } from '../../../util/exit-codes.js';

import type { ShellLocalConfig } from './fields.js';

export type { ShellLocalConfig };

const DEFAULT_EXECUTE = ['/bin/sh', '-c', '{{.Vars}} {{.Script}}'];

export function summarize(config: Record<string, unknown>): string {
  const c = config as ShellLocalConfig;
  if (Array.isArray(c.inline)) return `inline: ${c.inline.length} command${c.inline.length === 1 ? '' : 's'}`;
  if (c.script) return `script ${c.script}`;
  if (Array.isArray(c.scripts)) return `${c.scripts.length} scripts`;
  if (c.command) return 'command';
  return '';
}

/** KEY=VALUE pairs for {{.Vars}}: PACKER_BUILDER_TYPE, PACKER_BUILD_NAME and the user's, sorted as Packer sorts them. */
export function environment(c: ShellLocalConfig, ctx: BuildContext): [string, string][] {
  const pairs: [string, string][] = [
    ['PACKER_BUILDER_TYPE', ctx.builderType],
    ['PACKER_BUILD_NAME', ctx.buildName],
  ];
  // A provisioner's context carries the connection record; a post-processor's does not.
  pairs.push(...httpEnvironment((ctx as Partial<ProvisionContext>).conn));
  for (const kv of c.environment_vars ?? []) {
    const i = kv.indexOf('=');
    if (i > 0) pairs.push([kv.slice(0, i), kv.slice(i + 1)]);
  }
  for (const k of Object.keys(c.env ?? {})) pairs.push([k, String(c.env![k])]);
  return pairs.sort((a, b) => {
    const x = `${a[0]}=${a[1]}`;
    const y = `${b[0]}=${b[1]}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function formatVars(pairs: [string, string][], format: string): string {
  return pairs
    .map(([k, v]) => formatEnvVar(format, k, v))
    .join('');
}

/** Runs every script of the config; throws with Packer's message on a bad exit code. */
export async function runShellLocal(c: ShellLocalConfig, ctx: BuildContext): Promise<void> {
  if (c.only_on?.length && !c.only_on.includes(goOs())) {
    ctx.ui.say('Skipping shell-local due to OS');
    return;
  }
  // Scripts hold substituted values (secrets too): they live in a private folder (0700, mkdtemp's
  // mode), are readable by their owner only, and the folder goes on every way out (a cancel by
  // SIGINT, SIGTERM or SIGHUP ends the script and comes through the finally below).
  const dir = await mkdtemp(join(tmpdir(), 'pack-local-'));
  const release = trackLeftover(`path ${dir}`);
  try {
    const scripts: { shown: string; path: string }[] = [];
    const ext = c.tempfile_extension ? `.${c.tempfile_extension.replace(/^\./, '')}` : '';
    if (c.inline || c.command) {
      const lines = c.inline ?? [c.command!];
      // Packer names it packer-shell<random>; the name is printed, so keep its shape.
      const path = join(dir, `packer-shell${randomInt(1e9, 4e9)}${ext}`);
      const shebang = c.inline_shebang ?? '/bin/sh -e';
      await writeFile(path, `#!${shebang}\n${lines.join('\n')}\n`, { mode: 0o700 });
      scripts.push({ shown: path, path });
    }
    for (const s of c.script ? [c.script] : (c.scripts ?? [])) {
      const path = join(dir, `packer-shell${randomInt(1e9, 4e9)}${ext}`);
      await copyFile(resolveLocalPath(s, ctx.templateDir), path);
      await chmod(path, 0o700);
      scripts.push({ shown: s, path });
    }
    const pairs = environment(c, ctx);
    const vars = formatVars(pairs, c.env_var_format ?? "%s='%s' ");
    const exec = c.execute_command === undefined ? DEFAULT_EXECUTE : [c.execute_command].flat();
    const valid = c.valid_exit_codes && c.valid_exit_codes.length > 0 ? c.valid_exit_codes : [0];
    for (const s of scripts) {
      ctx.ui.say(`Running local shell script: ${s.shown}`);
      const argv = exec.map((part) => ctx.render(part, { Vars: vars, Script: s.path }));
      // Like Packer, the variables reach the script through {{.Vars}} in execute_command;
      // the process itself only gets the run's id.
      const code = await execute(argv, { PACKER_RUN_UUID: ctx.runUuid }, ctx);
      if (ctx.signal.aborted) throw new Error('Build was cancelled.');
      if (code === null || !valid.includes(code)) throw invalidExitCode(code ?? -1, valid);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    release();
  }
}

async function execute(argv: string[], env: Record<string, string>, ctx: BuildContext): Promise<number | null> {
  const [command, ...args] = argv;
  // Its own process group, so a cancel stops the script's children too. After a cancel, a child
  // the script forked at that very moment may have missed the SIGTERM and would hold the output
  // pipes open: once the script's traps had a moment to finish, whatever is left of the group ends.
  const group = startInGroup({
    command,
    args,
    env: { ...process.env, ...env },
    signal: ctx.signal,
    stragglersAfterMs: 3000,
    onLine: (line, stream) => ctx.ui.output(line, stream),
  });
  const release = trackLeftover(`process group ${group.pid ?? '?'} (shell-local; stop: kill -- -${group.pid ?? ''})`);
  try {
    return (await group.exited).code;
  } catch (err) {
    throw new Error(`Error executing script: ${(err as Error).message}`);
  } finally {
    release();
  }
}
