import { readFile } from 'node:fs/promises';
import { hasCapability, UnreachableError, type CommandResult, type Communicator, type ProvisionContext, type ProvisionerFactory } from '../../../core/components.js';
import { sleep } from '../../../util/sleep.js';
import { resolveLocalPath } from '../../../template/local-path.js';
import { shellQuote } from '../../../util/shell-quote.js';
import { DEFAULT_EXECUTE_COMMAND } from './schema.js';
import { collectEnv, flattenEnv } from './env.js';
import { retry } from '../../../util/retry.js';
import { invalidExitCode } from '../../../util/exit-codes.js';

const ENV_FILE_EXECUTE_COMMAND = 'chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}';

interface Script {
  /** What the "Provisioning with shell script:" line shows. */
  label: string;
  content: Buffer;
}

function list(v: unknown): string[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

export const provisioner: ProvisionerFactory = {
  summary(config) {
    const inline = list(config.inline);
    if (inline.length) return `inline: ${inline.length} command${inline.length === 1 ? '' : 's'}`;
    const scripts = [...list(config.script), ...list(config.scripts)];
    return scripts.length === 1 ? `script: ${scripts[0]}` : `scripts: ${scripts.length}`;
  },
  create(config) {
    return { provision: (ctx) => provisionShell(config, ctx) };
  },
  cacheInputs: (config) => [...list(config.script), ...list(config.scripts)],
};

async function loadScripts(config: Record<string, unknown>, ctx: ProvisionContext, remotePath: string): Promise<Script[]> {
  const inline = list(config.inline);
  const binary = config.binary === true;
  const unix = (b: Buffer) => (binary ? b : Buffer.from(b.toString('utf8').replace(/\r\n/g, '\n')));
  if (inline.length > 0) {
    const shebang = typeof config.inline_shebang === 'string' ? config.inline_shebang : '/bin/sh -e';
    const text = `#!${shebang}\n${inline.map((l) => `${l}\n`).join('')}`;
    return [{ label: remotePath, content: Buffer.from(text) }];
  }
  const files = [...list(config.script), ...list(config.scripts)];
  return Promise.all(
    files.map(async (f) => {
      try {
        return { label: f, content: unix(await readFile(resolveLocalPath(f, ctx.templateDir))) };
      } catch (err) {
        throw new Error(`Error reading script ${f}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      }
    }),
  );
}

async function provisionShell(config: Record<string, unknown>, ctx: ProvisionContext): Promise<void> {
  const comm = ctx.comm;
  if (!comm) {
    throw new Error('the shell provisioner runs on the machine and needs a communicator; with communicator "none" use shell-local');
  }
  const folder = typeof config.remote_folder === 'string' && config.remote_folder ? config.remote_folder : '/tmp';
  const file =
    typeof config.remote_file === 'string' && config.remote_file ? config.remote_file : `script_${Math.floor(Math.random() * 10000)}.sh`;
  const remotePath = typeof config.remote_path === 'string' && config.remote_path ? config.remote_path : `${folder.replace(/\/+$/, '')}/${file}`;
  const scripts = await loadScripts(config, ctx, remotePath);
  const env = collectEnv(config, ctx);
  const useEnvFile = config.use_env_var_file === true;
  const envVarFile = `${folder.replace(/\/+$/, '')}/varfile_${Math.floor(Math.random() * 10000)}.sh`;
  let executeCommand = typeof config.execute_command === 'string' ? config.execute_command : DEFAULT_EXECUTE_COMMAND;
  if (useEnvFile && executeCommand === DEFAULT_EXECUTE_COMMAND) executeCommand = ENV_FILE_EXECUTE_COMMAND;
  const format = typeof config.env_var_format === 'string' && config.env_var_format ? config.env_var_format : undefined;
  const vars = useEnvFile ? '' : flattenEnv(env, format);
  const validCodes = Array.isArray(config.valid_exit_codes) ? (config.valid_exit_codes as number[]).map(Number) : [0];
  const retryFor = typeof config.start_retry_timeout === 'number' ? config.start_retry_timeout : 300_000;
  const skipClean = config.skip_clean === true;

  if (useEnvFile) {
    await startWithRetry(comm, retryFor, ctx);
    await comm.uploadData(flattenEnv(env, "export %s='%s'\n"), envVarFile, { mode: 0o600 });
  }
  try {
    for (const script of scripts) {
      ctx.ui.say(`Provisioning with shell script: ${script.label}`);
      const render = (text: string) => ctx.render(text, { Vars: vars, Path: remotePath, EnvVarFile: envVarFile });
      await startWithRetry(comm, retryFor, ctx);
      const result = await runScript(comm, script.content, remotePath, render, executeCommand, skipClean, ctx);
      if (result.disconnected) {
        if (config.expect_disconnect === true) {
          ctx.ui.message('The remote end disconnected, as expect_disconnect allows; going on.');
          continue;
        }
        throw new Error(
          'Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart, ' +
            'you can try adding `"expect_disconnect": true` or `"valid_exit_codes": [0, 2300218]` to the shell provisioner parameters.',
        );
      }
      if (result.exitCode === null) {
        throw new Error(`Script ${script.label} was killed by signal ${result.signal ?? 'unknown'}`);
      }
      if (!validCodes.includes(result.exitCode)) throw invalidExitCode(result.exitCode, validCodes);
    }
  } finally {
    if (useEnvFile && !skipClean) await comm.run({ command: `rm -f ${shellQuote(envVarFile)}` }).catch(() => undefined);
  }
  const pauseAfter = typeof config.pause_after === 'number' ? config.pause_after : 0;
  if (pauseAfter > 0) await sleep(pauseAfter, ctx.signal);
}

/** Waits (up to start_retry_timeout) for a connection that dropped, e.g. while the machine reboots. */
async function startWithRetry(comm: Communicator, retryFor: number, ctx: ProvisionContext): Promise<void> {
  if (!hasCapability(comm, 'ready')) return;
  await retry(() => comm.ready(), {
    forMs: retryFor,
    delayMs: 2000,
    maxDelayMs: 2000,
    signal: ctx.signal,
    retryable: (err) => err instanceof UnreachableError,
    onRetry: (err) => ctx.ui.message(`Retrying the connection (start_retry_timeout): ${(err as Error).message}`),
  });
}

/**
 * Packer opens five sessions per script (upload, chmod, run, rm, rm), each starting remote processes.
 * A communicator that can upload and run in one exec (ssh without a pty) gets the script with mode
 * 0755 and one command that runs it and removes it; others: upload, then one run that also removes it.
 */
async function runScript(
  comm: Communicator,
  content: Buffer,
  path: string,
  render: (executeCommand: string) => string,
  executeCommand: string,
  skipClean: boolean,
  ctx: ProvisionContext,
): Promise<CommandResult> {
  const cmd = {
    onStdout: (line: string) => ctx.ui.output(line, 'stdout'),
    onStderr: (line: string) => ctx.ui.output(line, 'stderr'),
    signal: ctx.signal,
  };
  const tail = skipClean ? '' : `\n__pack_rc=$?\nrm -f ${shellQuote(path)}\nexit $__pack_rc`;
  if (hasCapability(comm, 'uploadAndRun')) {
    // The file arrives with mode 0755: the default execute_command's chmod would only start a process.
    const command = render(executeCommand === DEFAULT_EXECUTE_COMMAND ? '{{.Vars}} {{.Path}}' : executeCommand);
    return comm.uploadAndRun(content, path, { ...cmd, command: `${command}${tail}` });
  }
  await comm.uploadData(content, path, { mode: 0o755 });
  return comm.run({ ...cmd, command: `${render(executeCommand)}${tail}` });
}
