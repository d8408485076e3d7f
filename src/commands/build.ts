// `pack build`: prepares the template, picks an output (the Ink dashboard in a terminal,
// Packer's plain lines otherwise, or -machine-readable), runs the builds and exits non-zero
// when one failed or the run was cancelled.
import { basename, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { isatty } from 'node:tty';
import { parseFlags, flagsHelp, type FlagSpecs } from '../cli/args.js';
import { UserError } from '../errors.js';
import { EventBus } from '../core/bus.js';
import { processSecrets } from '../core/redact.js';
import type { OnErrorMode } from '../core/components.js';
import type { Subscriber } from '../core/bus.js';
// Small, and needed by nearly every run: bundled with this command rather than loaded apart.
import { handleInterrupts } from '../cli/interrupts.js';
import { onStdoutClosed, releaseDeadTerminal, writeStdout } from '../cli/stdout.js';
import { plainOutput } from '../output/plain.js';
import { formatBuildWarnings } from '../template/build-warnings.js';
import type { Engine } from '../packer-engine/needs-packer.js';
import { colorWanted } from '../ui/terminal/color.js';
import { canRedraw } from '../ui/terminal/redraw.js';

const ON_ERROR: readonly OnErrorMode[] = ['cleanup', 'abort', 'ask', 'run-cleanup-provisioner'];

const FLAGS = {
  only: { type: 'string', multiple: true, value: 'NAMES', description: 'Build only these builds (comma list, globs)' },
  except: { type: 'string', multiple: true, value: 'NAMES', description: 'Build all builds except these (comma list, globs)' },
  var: { type: 'string', multiple: true, value: 'NAME=VALUE', description: 'Set a template variable' },
  'var-file': { type: 'string', multiple: true, value: 'FILE', description: 'Read variables from a file (JSON, YAML or .pkrvars.hcl); later files win' },
  'parallel-builds': { type: 'string', multiple: false, value: 'N', description: 'Run at most N builds at once (0 = no limit, the default)' },
  'on-error': {
    type: 'string',
    multiple: false,
    value: 'MODE',
    description: 'When a build fails: cleanup (default), abort (leave everything), ask, run-cleanup-provisioner',
  },
  force: { type: 'boolean', multiple: false, description: 'Overwrite existing artifacts' },
  cache: {
    type: 'boolean',
    multiple: false,
    description: 'Resume from the longest cached prefix and cache each step (docker, qemu); also PACK_CACHE=1 or YAML cache: true',
  },
  debug: { type: 'boolean', multiple: false, description: 'Run one build at a time and pause after each step' },
  'timestamp-ui': { type: 'boolean', multiple: false, description: 'Prefix every output line with a timestamp' },
  color: { type: 'boolean', multiple: false, default: true, description: 'Colour the output (-color=false, or NO_COLOR, turns it off)' },
  'machine-readable': { type: 'boolean', multiple: false, description: "Print Packer's machine-readable lines" },
  plain: { type: 'boolean', multiple: false, description: "Print Packer's plain lines even in a terminal (no dashboard)" },
  engine: {
    type: 'string',
    multiple: false,
    value: 'ENGINE',
    description: 'auto (default: pack runs a build itself when it implements all its components, Packer otherwise), pack, or packer (every build through Packer)',
  },
  packer: { type: 'string', multiple: false, value: 'PATH', description: 'The Packer that runs builds pack cannot (default: $PACKER_BIN, then packer on PATH)' },
  ui: {
    type: 'string',
    multiple: false,
    value: 'MODE',
    description: 'In a terminal: dashboard (the default, full screen) or list (an inline task list that stays in the scrollback)',
  },
  'log-dir': {
    type: 'string',
    multiple: false,
    value: 'DIR',
    description: "Write each build's full log to DIR/<build>.log (default: with the dashboard, $XDG_STATE_HOME/pack/logs/<run>/, else none)",
  },
} satisfies FlagSpecs;

export function help(): string {
  return [
    'Usage: pack build [flags] TEMPLATE',
    '',
    '  Runs every build of a template (Packer JSON, HCL2 or YAML) in parallel. In a terminal a live',
    '  dashboard shows the builds; when piped, in CI, or with -plain, Packer\'s own output format is used.',
    '  Ctrl-C, SIGTERM, closing the terminal or a closed output (| head) cancel the run and clean up (exit 1);',
    '  a third Ctrl-C quits at once and lists what it leaves behind.',
    '  A build with components pack does not implement (amazon-ebs, virtualbox-iso, powershell...) runs',
    '  through Packer (found on PATH, or with -packer=PATH / PACKER_BIN) and shows in the same outputs.',
    '  A required variable that was not given is asked for in a terminal (masked when sensitive).',
    '  Dashboard keys: Tab/1-9 build, ↑↓ step, Enter step detail, o overview, m merged log, / search (n/N),',
    '  l page the log file, f follow, ? all keys, q cancel.',
    '',
    'Flags:',
    flagsHelp(FLAGS),
  ].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const { flags, positionals, swallowed } = parseFlags('build', argv, FLAGS);
  if (positionals.length !== 1) {
    throw new UserError(`pack build takes one template path, ${positionals.length === 0 ? `none was given${swallowed}` : `got ${positionals.length}`}.\nRun 'pack help build' for usage.`);
  }
  const onError = (flags['on-error'] ?? 'cleanup') as OnErrorMode;
  if (!ON_ERROR.includes(onError)) {
    throw new UserError(`flag -on-error: "${flags['on-error']}" is not one of ${ON_ERROR.join(', ')}`);
  }
  const parallelText = flags['parallel-builds'] ?? '0';
  if (!/^-?\d+$/.test(parallelText)) {
    throw new UserError(`flag -parallel-builds takes a whole number (0 = no limit), not "${parallelText}"`);
  }
  // Packer 1.6.6 runs every build at once for any N below 1, negative ones included.
  const parallelBuilds = Math.max(0, Number(parallelText));
  // isatty() rather than process.stdin.isTTY: touching process.stdin sets up a stream (~8 ms)
  // that a piped run never needs.
  const interactive = isatty(0) && isatty(1);
  // A person at that terminal: not a CI job, which may have a pseudo-terminal but nobody to type or watch.
  const attended = interactive && !process.env.CI;
  const uiMode = flags.ui ?? 'dashboard';
  if (uiMode !== 'dashboard' && uiMode !== 'list') throw new UserError(`flag -ui: "${uiMode}" is not one of dashboard, list`);
  if (onError === 'ask' && !interactive) {
    throw new UserError(
      '-on-error=ask needs a terminal to ask in, and none is attached. Use -on-error=cleanup, abort or run-cleanup-provisioner.',
    );
  }

  const engine = (flags.engine ?? 'auto') as Engine;

  // Load what every build needs at once: these chunks are independent of each other.
  const [{ prepareTemplate, renderRuntime, parseVarFlag, loadTemplate }, { resolveBuilds, runBuilds }, { planPackerBuilds, ENGINES }] = await Promise.all([
    import('../template/index.js'),
    import('../core/run.js'),
    import('../packer-engine/index.js'),
  ]);
  if (!ENGINES.includes(engine)) throw new UserError(`flag -engine: "${flags.engine}" is not one of ${ENGINES.join(', ')}`);
  const vars = flags.var.map(parseVarFlag);
  const inputs = { vars, varFiles: flags['var-file'], env: process.env };
  const selection = { only: flags.only, except: flags.except, engine };
  let prepared;
  try {
    prepared = await prepareTemplate(positionals[0], inputs, selection);
  } catch (err) {
    // With a person at the terminal, a required variable nobody gave is asked for (as Terraform does); elsewhere
    // (a pipe, or CI with a pseudo-terminal, where a question would wait for ever) the error stands.
    const prompts = attended ? await import('../ui/prompts/variables.js') : undefined;
    const missing = prompts?.missingVariables(err) ?? [];
    if (!prompts || missing.length === 0) throw err;
    const declared = (await loadTemplate(positionals[0])).variables;
    const answers = await prompts.askVariables(missing.map((name) => ({ name, sensitive: declared[name]?.sensitive === true, description: declared[name]?.description })));
    vars.push(...answers);
    prepared = await prepareTemplate(positionals[0], inputs, selection);
  }
  // The process's redactor: the secrets the template code found are in it already.
  const bus = new EventBus(processSecrets);
  // Secrets first: nothing may reach an output before they are registered.
  for (const s of prepared.sensitiveValues) bus.redactor.add(s);
  const template = prepared.template;
  // prepareTemplate picked the builds and their components (-only/-except, only/except, override).
  const selected = template.builds;
  // Builds with components pack lacks run through Packer (-engine).
  const viaPacker = await planPackerBuilds(template, selected, {
    engine,
    packerFlag: flags.packer,
    env: process.env,
    templatePath: positionals[0],
    vars,
    varFiles: flags['var-file'],
    onError,
    debug: flags.debug === true,
    force: flags.force === true,
  });
  const native = await resolveBuilds(viaPacker.native).catch(async (err) => {
    await viaPacker.dispose();
    throw err;
  });
  // Template order, whichever engine runs each build.
  const builds = selected.map((def) => native.find((b) => b.def === def) ?? viaPacker.packer.find((b) => b.def === def)!);
  const buildNames = builds.map((b) => b.def.name);

  const interrupts = handleInterrupts(bus);
  // A cancelled run asks nothing more, and a question waiting then fails (its step takes the cancel choice).
  interrupts.signal.addEventListener('abort', () => bus.closeQuestions(), { once: true });
  // A closed stdout (`pack build | head`) cancels the run: its cleanups run and it exits 1,
  // rather than building on unseen or leaving containers and VMs behind.
  const cleanups: (() => void)[] = [onStdoutClosed(() => interrupts.cancel('a closed output (stdout)')), () => void viaPacker.dispose()];
  let dashboard: { finished: Promise<void>; stop(): Promise<void> } | undefined;
  let listUi: { finished: Promise<void> } | undefined;
  let closeLogs: (() => void) | undefined;
  let logWriteFailed = false;
  let exitWhenDone = false;
  try {
    // A terminal that cannot redraw (TERM=dumb, no size) gets the plain lines, as a pipe does.
    const wantLive = attended && !flags.plain && !flags['machine-readable'] && canRedraw();
    const wantDashboard = wantLive && uiMode === 'dashboard';
    // The warnings come before the builds, as Packer prints them (the components' in its words): the run's first
    // lines. The dashboard also starts its final summary with them (its full-screen frames clear the terminal,
    // and a quick build's panes go before anyone reads them); the list UI gets them above it.
    const componentWarnings = formatBuildWarnings(template.format, prepared.buildWarnings);
    const warningText = prepared.warnings.map((w) => `Warning: ${w}\n`).join('') + componentWarnings;
    const listUiWanted = wantLive && uiMode === 'list';
    // The dashboard keeps only the newest lines in memory: its builds always get log files.
    const logDir = flags['log-dir'] ? resolve(flags['log-dir']) : wantLive ? defaultLogDir(positionals[0]) : undefined;
    if (logDir) {
      const { logFiles } = await import('../output/logfile.js');
      let files;
      try {
        // A log that cannot be written (a full disk) stops the run, which then cleans up.
        files = logFiles(logDir, (err) => {
          logWriteFailed = true;
          bus.emit({ type: 'log', level: 'error', text: err.message });
          interrupts.cancel('a log write error');
        });
      } catch (err) {
        throw new UserError(`-log-dir: cannot write logs in ${logDir}: ${(err as Error).message}`);
      }
      closeLogs = () => files.close();
      cleanups.push(bus.subscribe(files.subscriber), closeLogs);
    }
    const write = writeStdout;
    if (flags['machine-readable']) {
      const { machineReadableOutput } = await import('../output/machine.js');
      cleanups.push(bus.subscribe(machineReadableOutput(write)));
    } else {
      // The dashboard's cancel key does what Ctrl-C does.
      const color = colorWanted(flags.color, process.stdout);
      if (wantDashboard) {
        dashboard = await tryDashboard(bus, {
          templatePath: positionals[0],
          buildNames,
          logDir,
          color,
          timestamps: flags['timestamp-ui'] === true,
          onCancel: () => interrupts.interrupt('interrupt'),
          warnings: warningText ? bus.redactor.redact(warningText) : undefined,
        });
      }
      if (listUiWanted) {
        // listr2 reads NO_COLOR once, as it loads.
        if (!color) process.env.NO_COLOR = '1';
        const { mountList } = await import('../ui/list/index.js');
        if (warningText) writeStdout(bus.redactor.redact(warningText));
        listUi = mountList(bus, buildNames);
        const { terminalAnswerer } = await import('../output/answerer.js');
        cleanups.push(terminalAnswerer(bus, process.stdin, process.stdout, () => interrupts.interrupt('interrupt')));
      } else if (!dashboard) {
        const subscriber: Subscriber = plainOutput({ write, color, timestamp: flags['timestamp-ui'] === true, buildNames });
        cleanups.push(bus.subscribe(subscriber));
        if (interactive) {
          const { terminalAnswerer } = await import('../output/answerer.js');
          cleanups.push(terminalAnswerer(bus, process.stdin, process.stdout, () => interrupts.interrupt('interrupt')));
        }
      }
    }

    if (!listUiWanted) {
      for (const w of prepared.warnings) bus.emit({ type: 'log', level: 'say', text: `Warning: ${w}` });
      if (componentWarnings) bus.emit({ type: 'log', level: 'say', text: componentWarnings.replace(/\n$/, '') });
    }
    const result = await runBuilds(
      {
        template,
        bus,
        parallelBuilds,
        onError,
        debug: flags.debug === true,
        force: flags.force === true,
        cache: flags.cache ?? (envFlag(process.env.PACK_CACHE) || template.cache === true),
        signal: interrupts.signal,
        render: (text, data, build) => renderRuntime(text, data, { ...build, templateDir: template.dir }),
      },
      builds,
    );
    // The logs' last lines are written now, so that a log that cannot take them fails the run too.
    closeLogs?.();
    if (dashboard) await dashboard.finished;
    await listUi?.finished;
    dashboard = undefined;
    const code = result.errors.length > 0 || result.cancelled || logWriteFailed ? 1 : 0;
    // A failure under -on-error=abort/ask/run-cleanup-provisioner may skip cleanups on purpose (the machine is
    // left for inspection), and with them the closing of SSH connections and the like: Packer's process ends
    // anyway, and so must pack's, once its output is written.
    if (code !== 0 && onError !== 'cleanup') {
      exitWhenDone = true;
      // What the skipped cleanups left, as a force-quit lists it: the person kept it to inspect, and must be able
      // to remove it afterwards (Packer prints the container id once, early in the output).
      const { leftoverList } = await import('../core/leftovers.js');
      const left = leftoverList((t) => bus.redactor.redact(t));
      if (left) process.stderr.write(`Left for inspection (cleanup skipped, -on-error=${onError}):\n${left}`);
    }
    return code;
  } finally {
    // A run that threw before its end event leaves Ink mounted: give the terminal back.
    await dashboard?.stop();
    interrupts.dispose();
    for (const c of cleanups.reverse()) c();
    if (interactive) process.stdin.unref?.();
    if (interrupts.hungUp) releaseDeadTerminal();
    if (exitWhenDone) exitAfterOutput();
  }
}

/** Ends the process once stdout and stderr have taken what was written (their callbacks run in order). */
function exitAfterOutput(): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(process.exitCode ?? 1)));
}

async function tryDashboard(
  bus: EventBus,
  opts: import('../ui/dashboard/index.js').DashboardOptions,
): Promise<{ finished: Promise<void>; stop(): Promise<void> } | undefined> {
  try {
    const mod = await import('../ui/dashboard/index.js');
    return mod.mountDashboard(bus, opts);
  } catch {
    return undefined;
  }
}

/** $XDG_STATE_HOME/pack/logs/<time>-<template>/ (~/.local/state by default): one folder a run. */
function defaultLogDir(templatePath: string): string {
  const state = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  const stamp = new Date().toISOString().replace(/[:T]/g, '-').replace(/\..*$/, '');
  const name = basename(resolve(templatePath)).replace(/[^\w.-]+/g, '_');
  return join(state, 'pack', 'logs', `${stamp}-${name}`);
}

/** PACK_CACHE=1 (true, yes) turns the cache on; -cache=false still wins. */
function envFlag(v: string | undefined): boolean {
  return !!v && /^(1|true|yes|on)$/i.test(v.trim());
}
