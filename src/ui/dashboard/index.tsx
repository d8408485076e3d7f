// The live dashboard for `pack build` in a terminal: a subscriber to the core's events, like
// the plain output. Loaded lazily by the build command so ink and react stay out of the entry.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink';
import type { EventBus } from '../../core/bus.js';
import { logFileName } from '../../output/logfile.js';
import { DashboardStore } from './store.js';
import { App } from './App.js';
import { finalFrame } from './final-frame.js';
import { colourless } from '../terminal/color.js';
import { lineCollector } from './heap.js';

export interface DashboardOptions {
  templatePath: string;
  buildNames: string[];
  /** Called once the person confirms cancelling (q or Ctrl-C), and again at each Ctrl-C while the cleanups run. */
  onCancel(): void;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Where the engine writes one log file per build. */
  logDir?: string;
  /** false: no colour codes at all (NO_COLOR, -color=false, a terminal without colours). */
  color?: boolean;
  /** -timestamp-ui: the time before each log line. */
  timestamps?: boolean;
  /** Ring the terminal bell when a question waits (default true). */
  bell?: boolean;
  /** What the run warned about before it started (pack's warnings, the components' as Packer words them): the final summary starts with it. */
  warnings?: string;
}

/** Each build's log file in logDir (named by the engine's log-file subscriber), or the folder if it is not there. */
export function findLogFiles(logDir: string | undefined, builds: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (!logDir) return out;
  for (const build of builds) {
    const file = join(logDir, logFileName(build));
    out[build] = existsSync(file) ? file : `${logDir}/`;
  }
  return out;
}

export interface MountedDashboard {
  /** Resolves once run-end arrived, the final frame is written and the terminal is restored. */
  finished: Promise<void>;
  /**
   * Unmounts at once and restores the terminal, for when the run ends without a run-end
   * (the engine threw). Optional to call; harmless after `finished`.
   */
  stop(): Promise<void>;
}

export function mountDashboard(bus: EventBus, opts: DashboardOptions): MountedDashboard {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const color = opts.color ?? true;
  const store = new DashboardStore({ templatePath: opts.templatePath, buildNames: opts.buildNames });
  const counted = lineCollector();
  const unsubscribe = bus.subscribe((e) => {
    store.handle(e);
    if (e.type === 'log') counted(1);
    // The bell tells someone looking elsewhere that the run waits for them.
    if (e.type === 'question' && opts.bell !== false && stdin.isTTY) stdout.write('\x07');
  });
  // Only a terminal we can read keys from can answer the engine's questions.
  const unregister = stdin.isTTY ? bus.registerAnswerer() : () => {};
  let cancelled = false;
  const logFiles = () => findLogFiles(opts.logDir, store.buildList.map((b) => b.name));
  const instance = render(
    <App
      store={store}
      answer={(id, key) => bus.answer(id, key)}
      onCancel={() => {
        if (cancelled) return;
        cancelled = true;
        opts.onCancel();
      }}
      onInterrupt={() => opts.onCancel()}
      logFiles={logFiles}
      timestamps={opts.timestamps === true}
    />,
    // Ctrl-C is ours (confirm, then cancel). Components report through the bus, never the console.
    { stdout: color ? stdout : colourless(stdout), stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 15 },
  );
  const finished = instance
    .waitUntilExit()
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => {
      unsubscribe();
      unregister();
      // Ink has erased its live frame: what stays in the scrollback is this text.
      if (store.runEnd) stdout.write(finalFrame(store.buildList, store.runEnd, { width: stdout.columns || 80, color, logFiles: logFiles(), warnings: opts.warnings }));
      store.dispose();
    });
  const stop = async () => {
    instance.unmount();
    await finished;
  };
  return { finished, stop };
}
