// Drives the dashboard's App through ink-testing-library with a real EventBus feeding a real store.
import { render } from 'ink-testing-library';
import { EventBus } from '../../src/core/bus.js';
import { DashboardStore } from '../../src/ui/dashboard/store.js';
import { App } from '../../src/ui/dashboard/App.js';
import type { PlannedStep } from '../../src/core/events.js';
import { retryUntil } from '../helpers/until.js';

/** Retries an assertion until it holds (renders are asynchronous and throttled). */
export const until = (check: () => void, timeoutMs = 3000): Promise<void> => retryUntil(check, timeoutMs);

export const settle = (ms = 40) => new Promise((r) => setTimeout(r, ms));

// eslint-disable-next-line no-control-regex
export const plain = (s: string | undefined) => (s ?? '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

export const KEYS = {
  tab: '\t',
  shiftTab: '\x1b[Z',
  up: '\x1b[A',
  down: '\x1b[B',
  left: '\x1b[D',
  right: '\x1b[C',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  ctrlC: '\x03',
  backspace: '\x7f',
};

/** Gives the rendered terminal another size, as a resize does. */
export function resize(r: ReturnType<typeof setup>['r'], columns: number, rows: number): void {
  Object.defineProperty(r.stdout, 'columns', { configurable: true, get: () => columns });
  Object.defineProperty(r.stdout, 'rows', { configurable: true, get: () => rows });
  r.stdout.emit('resize');
}

export function setup(buildNames = ['alpha', 'beta'], opts: { timestamps?: boolean; logFiles?: Record<string, string> } = {}) {
  const bus = new EventBus();
  const store = new DashboardStore({ templatePath: 'two.pkr.json', buildNames, throttleMs: 5 });
  bus.subscribe((e) => store.handle(e));
  bus.registerAnswerer();
  let cancels = 0;
  let interrupts = 0;
  const r = render(
    <App
      store={store}
      answer={(id, key) => bus.answer(id, key)}
      onCancel={() => {
        cancels++;
      }}
      onInterrupt={() => {
        interrupts++;
      }}
      logFiles={() => opts.logFiles ?? Object.fromEntries(buildNames.map((b) => [b, `/tmp/logs/${b}.log`]))}
      tickMs={20}
      timestamps={opts.timestamps}
    />,
  );
  const frame = () => plain(r.lastFrame());
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await settle(15);
    }
    await settle();
  };
  return { bus, store, r, frame, press, cancels: () => cancels, interrupts: () => interrupts };
}

export const STEPS: PlannedStep[] = [
  { id: 'prepare', title: 'prepare null builder', kind: 'prepare' },
  { id: 'connect', title: 'connect: none', kind: 'connect' },
  { id: 'provision:0', title: 'shell-local: say hello', kind: 'provision' },
  { id: 'provision:1', title: 'shell-local: exit 7', kind: 'provision' },
];

export function startBuild(bus: EventBus, build: string, steps = STEPS): void {
  bus.emit({ type: 'build-start', build, builderType: 'null', steps });
}

export function runStep(bus: EventBus, build: string, step: PlannedStep, end?: 'done' | 'failed' | 'skipped', error?: string): void {
  bus.emit({ type: 'step-start', build, step: step.id, title: step.title, kind: step.kind });
  if (end) bus.emit({ type: 'step-end', build, step: step.id, status: end, durationMs: 1234, error });
}

export function logLines(bus: EventBus, build: string, n: number, prefix = 'line', step?: string): void {
  for (let i = 0; i < n; i++) bus.emit({ type: 'log', build, step, level: 'message', stream: 'stdout', text: `${prefix} ${i}` });
}
