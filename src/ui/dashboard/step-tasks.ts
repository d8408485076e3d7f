// Each build's steps run as a listr2 task list. The engine runs the steps; here every task
// waits on a gate that the step's events open, so listr2's task model (waiting, started,
// completed, failed, skipped) tracks the build. A custom renderer forwards task events to
// the dashboard: listr2 itself never writes to the terminal, because Ink draws.
import { Listr, ListrTaskEventType, ListrTaskState } from 'listr2';
import type { ListrTaskObject, ListrRendererFactory, ListrTaskWrapper } from 'listr2';

export type TaskState = `${ListrTaskState}`;

export interface TaskUpdate {
  stepId: string;
  state?: TaskState;
  title?: string;
  message?: string;
}

/** What the engine said about one attempt of a step. */
export type GateOutcome =
  | { kind: 'done' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; error: string }
  /** The failed step started again (on-error=ask, retry). */
  | { kind: 'retry' }
  /** The failure stands: the build moved on or ended. */
  | { kind: 'final' };

class StepGate {
  private queue: GateOutcome[] = [];
  private waiter: ((o: GateOutcome) => void) | undefined;

  push(outcome: GateOutcome): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w(outcome);
    } else this.queue.push(outcome);
  }

  next(): Promise<GateOutcome> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}

type UpdateSink = (u: TaskUpdate) => void;

/** listr2 renderer that draws nothing; it reports each task's events to the dashboard's store. */
class ForwardingRenderer {
  static nonTTY = true;
  static rendererOptions: { sink?: UpdateSink } = {};
  static rendererTaskOptions: Record<PropertyKey, never> = {};

  constructor(
    private readonly tasks: ListrTaskObject<any, ListrRendererFactory, ListrRendererFactory>[],
    private readonly options: { sink?: UpdateSink },
  ) {}

  render(): void {
    const sink = this.options.sink;
    if (!sink) return;
    for (const task of this.tasks) {
      const stepId = (task.task as { stepId?: string }).stepId ?? task.id;
      task.on(ListrTaskEventType.STATE, (state) => sink({ stepId, state: state as TaskState }));
      task.on(ListrTaskEventType.TITLE, (title) => sink({ stepId, title }));
      task.on(ListrTaskEventType.OUTPUT, (output) => sink({ stepId, message: output }));
      task.on(ListrTaskEventType.MESSAGE, (m) => {
        const text = m.error ?? m.skip;
        if (text) sink({ stepId, message: text });
      });
      task.on(ListrTaskEventType.SUBTASK, () => {
        /* steps have no subtasks; kept so a future nested step list is noticed */
      });
    }
  }

  end(): void {}
}

async function followGate(gate: StepGate, task: ListrTaskWrapper<any, any, any>): Promise<void> {
  for (;;) {
    const outcome = await gate.next();
    if (outcome.kind === 'done') return;
    if (outcome.kind === 'skipped') {
      task.skip(outcome.reason);
      return;
    }
    if (outcome.kind === 'failed') {
      // Hold the failure until we know whether the step is retried.
      const after = await gate.next();
      if (after.kind === 'retry') continue;
      throw new Error(outcome.error);
    }
  }
}

/** One build's steps as listr2 tasks, opened by the build's events. */
export class BuildTaskList {
  private gates = new Map<string, StepGate>();
  private extra: Promise<unknown>[] = [];
  readonly done: Promise<void>;

  constructor(
    steps: { id: string; title: string }[],
    private readonly sink: UpdateSink,
  ) {
    this.done = this.runList(steps).then(() => undefined);
  }

  private runList(steps: { id: string; title: string }[]): Promise<unknown> {
    const list = new Listr(
      steps.map((s) => {
        const gate = new StepGate();
        this.gates.set(s.id, gate);
        return { title: s.title, stepId: s.id, task: (_ctx: unknown, task: ListrTaskWrapper<any, any, any>) => followGate(gate, task) };
      }),
      {
        concurrent: false,
        exitOnError: false,
        registerSignalListeners: false,
        collectErrors: false,
        renderer: ForwardingRenderer as unknown as ListrRendererFactory,
        fallbackRenderer: ForwardingRenderer as unknown as ListrRendererFactory,
        rendererOptions: { sink: this.sink },
        fallbackRendererOptions: { sink: this.sink },
      } as never,
    );
    return list.run().catch(() => undefined);
  }

  has(stepId: string): boolean {
    return this.gates.has(stepId);
  }

  /** A step the plan did not list (a cleanup, an error-cleanup provisioner) gets its own one-task list. */
  addStep(step: { id: string; title: string }): void {
    if (this.gates.has(step.id)) return;
    this.extra.push(this.runList([step]));
  }

  push(stepId: string, outcome: GateOutcome): void {
    this.gates.get(stepId)?.push(outcome);
  }

  /** Resolves when every list has settled. */
  settled(): Promise<void> {
    return Promise.all([this.done, ...this.extra]).then(() => undefined);
  }
}
