// -ui=list: an inline task list drawn by listr2 (builds, each with its steps: spinners, durations
// and the last output lines) that stays in the scrollback, for terminals or people who do not
// want the full dashboard. The engine runs the steps; each listr2 task only waits for its step's
// events and reports them.
import { Listr, PRESET_TIMER, type ListrTaskWrapper } from 'listr2';
import type { EventBus } from '../../core/bus.js';
import type { PackEvent, PlannedStep } from '../../core/events.js';
import { lastOverwrite } from '../../output/lines.js';
import { closingText } from '../../output/plain.js';
import { sanitizeLine } from '../dashboard/format.js';
import { renderTitle } from '../dashboard/store.js';

type Outcome = { kind: 'done' } | { kind: 'skipped'; reason: string } | { kind: 'failed'; error: string } | { kind: 'started' } | { kind: 'over' };

/** A queue of what happened to one step, read by its task. */
class Gate {
  private queue: Outcome[] = [];
  private waiter: ((o: Outcome) => void) | undefined;

  push(o: Outcome): void {
    const w = this.waiter;
    this.waiter = undefined;
    if (w) w(o);
    else this.queue.push(o);
  }

  next(): Promise<Outcome> {
    const queued = this.queue.shift();
    return queued ? Promise.resolve(queued) : new Promise((resolve) => (this.waiter = resolve));
  }
}

type Task = ListrTaskWrapper<unknown, any, any>;

async function followStep(gate: Gate, task: Task, title: string): Promise<void> {
  let retries = 0;
  for (;;) {
    const o = await gate.next();
    if (o.kind === 'done') return;
    if (o.kind === 'skipped' || o.kind === 'over') {
      // The title stays; why it was skipped follows it.
      task.title = `${title} (${o.kind === 'over' ? 'not run' : o.reason})`;
      task.skip();
      return;
    }
    if (o.kind === 'failed') {
      // Held until it is clear whether the step runs again (-on-error=ask, retry).
      const after = await gate.next();
      if (after.kind === 'started') {
        task.title = `${title} (retried ×${++retries})`;
        continue;
      }
      task.title = `${title}: ${o.error}`;
      throw new Error(o.error);
    }
  }
}

interface BuildTrack {
  planned: Promise<PlannedStep[]>;
  plan(steps: PlannedStep[]): void;
  gates: Map<string, Gate>;
  tasks: Map<string, Task>;
  builderType: string;
  error?: string;
  /** The step that started last: a question is shown under it. */
  current?: string;
}

export interface ListUi {
  /** Resolves once every build's list has settled (after run-end). */
  finished: Promise<void>;
}

/** Colour off: the caller sets NO_COLOR before loading this module (listr2 reads it once, as it loads). */
export function mountList(bus: EventBus, buildNames: string[]): ListUi {
  const builds = new Map<string, BuildTrack>();
  let end: Extract<PackEvent, { type: 'run-end' }> | undefined;
  let onEnd!: () => void;
  const ended = new Promise<void>((r) => (onEnd = r));
  for (const name of buildNames) {
    let plan!: (s: PlannedStep[]) => void;
    const planned = new Promise<PlannedStep[]>((r) => (plan = r));
    builds.set(name, { planned, plan, gates: new Map(), tasks: new Map(), builderType: '' });
  }
  const gate = (b: BuildTrack, step: string): Gate | undefined => b.gates.get(step);

  const unsubscribe = bus.subscribe((e: PackEvent) => {
    switch (e.type) {
      case 'build-start': {
        const b = builds.get(e.build);
        if (!b) return;
        b.builderType = e.builderType;
        for (const s of e.steps) b.gates.set(s.id, new Gate());
        b.plan(e.steps);
        return;
      }
      case 'step-start': {
        const b = builds.get(e.build);
        // A step that never starts is skipped as "not run" when its build ends.
        if (b) gate(b, e.step)?.push({ kind: 'started' });
        if (b) b.current = e.step;
        return;
      }
      case 'step-end': {
        const b = builds.get(e.build);
        if (!b) return;
        const g = gate(b, e.step);
        if (!g) return;
        const status = e.status as string;
        if (status === 'done' || status === 'cached') g.push({ kind: 'done' });
        else if (status === 'failed') g.push({ kind: 'failed', error: e.error ?? 'failed' });
        else g.push({ kind: 'skipped', reason: status === 'cancelled' ? 'cancelled' : (e.error ?? 'skipped') });
        return;
      }
      case 'log': {
        const b = e.build ? builds.get(e.build) : undefined;
        const t = b && e.step ? b.tasks.get(e.step) : undefined;
        if (t) t.output = sanitizeLine(lastOverwrite(e.text));
        return;
      }
      case 'question': {
        // The prompt that reads the answer is below the list, which redraws over it: say here what is asked.
        const b = e.build ? builds.get(e.build) : builds.values().next().value;
        const t = b?.current ? b.tasks.get(b.current) : undefined;
        const ask = e.prompt.split('\n')[0]!;
        const keys = e.choices.map((c) => `${c.key} ${c.label}`).join(', ');
        if (t) t.output = sanitizeLine(`? ${ask.replace(/[.?:]$/, '')}: type ${keys} (the key, then Enter)`);
        return;
      }
      case 'build-end': {
        const b = builds.get(e.build);
        if (!b) return;
        b.error = e.error;
        b.plan([]);
        for (const g of b.gates.values()) g.push({ kind: 'over' });
        return;
      }
      case 'run-end':
        end = e;
        onEnd();
        for (const b of builds.values()) {
          b.plan([]);
          for (const g of b.gates.values()) g.push({ kind: 'over' });
        }
        return;
      default:
        return;
    }
  });

  const list = new Listr(
    buildNames.map((name) => ({
      title: name,
      task: async (_ctx: unknown, task: Task) => {
        const b = builds.get(name)!;
        const steps = await b.planned;
        task.title = b.builderType ? `${name} (${b.builderType})` : name;
        return task.newListr(
          steps.map((s) => ({
            title: renderTitle(s.title, { name, builderType: b.builderType }),
            task: async (_c: unknown, t: Task) => {
              b.tasks.set(s.id, t);
              await followStep(b.gates.get(s.id)!, t, renderTitle(s.title, { name, builderType: b.builderType }));
            },
          })),
          { concurrent: false, exitOnError: false, rendererOptions: { collapseSubtasks: false } },
        );
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      // Ctrl-C is the engine's (cancel, then cleanup); the list only draws.
      registerSignalListeners: false,
      collectErrors: false,
      rendererOptions: {
        collapseSubtasks: false,
        // The step's title says what failed or why it was skipped (set by followStep).
        showErrorMessage: false,
        showSkipMessage: false,
        timer: PRESET_TIMER,
        outputBar: 3,
        persistentOutput: false,
      },
      fallbackRendererOptions: { timer: PRESET_TIMER },
    } as never,
  );
  const finished = Promise.all([list.run(), ended])
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => {
      unsubscribe();
      // Packer's closing lines under the list: errors and artifacts.
      if (end) process.stdout.write(closingText(end));
    });
  return { finished };
}
