// The dashboard's state, fed by the core's events. Pure TypeScript (no Ink): components read
// it; listeners hear about changes at most every `throttleMs`, so a flood of log lines costs
// one re-render per tick instead of one per line.
import type { ArtifactInfo, BuildStatus, PackEvent, StepKind } from '../../core/events.js';
import { LogRing } from './log-ring.js';
import { sanitizeLine } from './format.js';
import { BuildTaskList, type TaskState, type TaskUpdate } from './step-tasks.js';

export type StepView = 'waiting' | 'running' | 'done' | 'failed' | 'skipped' | 'cancelled' | 'cached';

export interface StepRow {
  id: string;
  title: string;
  kind: StepKind;
  /** State from the listr2 task. */
  taskState: TaskState;
  /** step-start arrived for the current attempt. */
  started: boolean;
  startedAt?: number;
  /** From step-end. */
  endStatus?: 'done' | 'failed' | 'skipped' | 'cancelled' | 'cached';
  durationMs?: number;
  /** status cached: the time the build cache saved. */
  savedMs?: number;
  error?: string;
  /** For a connect step: where it connects, from the communicator's "... to connect: HOST". */
  target?: string;
}

export interface Transfer {
  id: string;
  step?: string;
  label: string;
  bytes: number;
  total?: number;
  done: boolean;
  firstAt: number;
  firstBytes: number;
  lastAt: number;
}

export interface BuildView {
  name: string;
  builderType: string;
  status: 'pending' | 'running' | BuildStatus;
  startedAt?: number;
  durationMs?: number;
  error?: string;
  steps: StepRow[];
  logs: LogRing;
  transfers: Map<string, Transfer>;
  artifacts: ArtifactInfo[];
  tasks?: BuildTaskList;
}

export interface Question {
  id: string;
  build?: string;
  prompt: string;
  choices: { key: string; label: string }[];
}

export interface RunEnd {
  durationMs: number;
  errors: { build: string; message: string }[];
  cancelled: boolean;
}

export interface StoreOptions {
  templatePath: string;
  buildNames: string[];
  logLines?: number;
  throttleMs?: number;
  now?: () => number;
}

/** What a row shows: listr2's task state, refined by what the events said about this attempt. */
export function stepView(row: StepRow): StepView {
  switch (row.taskState) {
    case 'COMPLETED':
      return row.endStatus === 'cached' ? 'cached' : 'done';
    case 'FAILED':
      return 'failed';
    case 'SKIPPED':
      return row.endStatus === 'cancelled' ? 'cancelled' : 'skipped';
    case 'STARTED':
    case 'RETRY':
      if (row.endStatus === 'failed') return 'failed';
      return row.started ? 'running' : 'waiting';
    default:
      return 'waiting';
  }
}

export class DashboardStore {
  readonly templatePath: string;
  readonly builds = new Map<string, BuildView>();
  readonly questions: Question[] = [];
  startedAt: number;
  runEnd: RunEnd | undefined;
  /** Bumped on every change; components re-render when it moves. */
  version = 0;
  private listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private readonly throttleMs: number;
  private readonly logLines: number;
  readonly now: () => number;

  constructor(opts: StoreOptions) {
    this.templatePath = opts.templatePath;
    this.throttleMs = opts.throttleMs ?? 100;
    this.logLines = opts.logLines ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.startedAt = this.now();
    for (const name of opts.buildNames) this.ensureBuild(name);
  }

  get buildList(): BuildView[] {
    return [...this.builds.values()];
  }

  counts(): { running: number; done: number; failed: number; pending: number } {
    const c = { running: 0, done: 0, failed: 0, pending: 0 };
    for (const b of this.builds.values()) {
      if (b.status === 'running') c.running++;
      else if (b.status === 'success') c.done++;
      else if (b.status === 'failed' || b.status === 'cancelled') c.failed++;
      else c.pending++;
    }
    return c;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Marks a change; listeners hear about it on the next tick of the throttle. */
  changed(urgent = false): void {
    this.version++;
    if (urgent) {
      this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.throttleMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const fn of this.listeners) fn();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  /** Resolves when every build's task list has settled (after run-end). */
  async settled(): Promise<void> {
    await Promise.all(this.buildList.map((b) => b.tasks?.settled()));
  }

  private ensureBuild(name: string): BuildView {
    let b = this.builds.get(name);
    if (!b) {
      b = {
        name,
        builderType: '',
        status: 'pending',
        steps: [],
        logs: new LogRing(this.logLines),
        transfers: new Map(),
        artifacts: [],
      };
      this.builds.set(name, b);
    }
    return b;
  }

  private taskUpdate(build: BuildView, u: TaskUpdate): void {
    const row = build.steps.find((s) => s.id === u.stepId);
    if (!row) return;
    if (u.state) row.taskState = u.state;
    this.changed();
  }

  handle(e: PackEvent): void {
    switch (e.type) {
      case 'run-start': {
        this.startedAt = e.time;
        for (const name of e.builds) this.ensureBuild(name);
        this.changed();
        return;
      }
      case 'build-start': {
        const b = this.ensureBuild(e.build);
        b.builderType = e.builderType;
        b.status = 'running';
        b.startedAt = e.time;
        b.steps = e.steps.map((s) => ({ id: s.id, title: s.title, kind: s.kind, taskState: 'WAITING', started: false }));
        b.tasks = new BuildTaskList(e.steps, (u) => this.taskUpdate(b, u));
        this.changed();
        return;
      }
      case 'step-start': {
        const b = this.ensureBuild(e.build);
        let row = b.steps.find((s) => s.id === e.step);
        if (!row) {
          row = { id: e.step, title: e.title, kind: e.kind, taskState: 'WAITING', started: false };
          b.steps.push(row);
          if (!b.tasks) b.tasks = new BuildTaskList([], (u) => this.taskUpdate(b, u));
          b.tasks.addStep({ id: e.step, title: e.title });
        }
        const index = b.steps.indexOf(row);
        for (const other of b.steps) {
          if (other === row) continue;
          // A failure elsewhere stands once the build moves on.
          if (other.endStatus === 'failed' && other.taskState !== 'FAILED') b.tasks?.push(other.id, { kind: 'final' });
          // Planned steps before this one that never started were not run.
          if (b.steps.indexOf(other) < index && !other.started && !other.endStatus && other.kind !== 'cleanup') {
            other.endStatus = 'skipped';
            b.tasks?.push(other.id, { kind: 'skipped', reason: 'not run' });
          }
        }
        if (row.endStatus === 'failed') b.tasks?.push(row.id, { kind: 'retry' });
        row.title = e.title || row.title;
        row.started = true;
        row.startedAt = e.time;
        row.endStatus = undefined;
        row.error = undefined;
        row.durationMs = undefined;
        this.changed();
        return;
      }
      case 'step-end': {
        const b = this.ensureBuild(e.build);
        const row = b.steps.find((s) => s.id === e.step);
        if (!row) return;
        row.endStatus = e.status;
        row.durationMs = e.durationMs;
        row.error = e.error;
        row.savedMs = e.savedMs;
        if (e.status === 'done' || e.status === 'cached') b.tasks?.push(row.id, { kind: 'done' });
        else if (e.status === 'failed') b.tasks?.push(row.id, { kind: 'failed', error: e.error ?? 'failed' });
        else b.tasks?.push(row.id, { kind: 'skipped', reason: e.status === 'cancelled' ? 'cancelled' : (e.error ?? 'skipped') });
        for (const t of b.transfers.values()) if (t.step === e.step) t.done = true;
        this.changed();
        return;
      }
      case 'log': {
        // Lines from a post-processor or other component say which, as Packer's "build (compress)".
        const text = e.origin ? `(${e.origin}) ${sanitizeLine(e.text)}` : sanitizeLine(e.text);
        const line = { text, level: e.level, stream: e.stream, step: e.step };
        if (e.build && e.level === 'say') this.noteTarget(this.ensureBuild(e.build), line.text);
        if (e.build && e.step && e.level === 'message') this.noteTask(this.ensureBuild(e.build), e.step, line.text);
        if (e.build) this.ensureBuild(e.build).logs.push(line);
        else for (const b of this.builds.values()) b.logs.push(line);
        this.changed();
        return;
      }
      case 'progress': {
        const b = this.ensureBuild(e.build);
        const t = b.transfers.get(e.id);
        if (t) {
          t.bytes = e.bytes;
          t.total = e.total ?? t.total;
          t.done = e.done;
          t.lastAt = e.time;
          t.label = e.label;
        } else {
          b.transfers.set(e.id, {
            id: e.id,
            step: e.step,
            label: e.label,
            bytes: e.bytes,
            total: e.total,
            done: e.done,
            firstAt: e.time,
            firstBytes: e.bytes,
            lastAt: e.time,
          });
        }
        this.changed();
        return;
      }
      case 'question': {
        this.questions.push({ id: e.id, build: e.build, prompt: e.prompt, choices: e.choices });
        this.changed(true);
        return;
      }
      case 'question-answered': {
        const i = this.questions.findIndex((q) => q.id === e.id);
        if (i >= 0) this.questions.splice(i, 1);
        this.changed(true);
        return;
      }
      case 'artifact': {
        this.ensureBuild(e.build).artifacts.push(e.artifact);
        this.changed();
        return;
      }
      case 'build-end': {
        const b = this.ensureBuild(e.build);
        b.status = e.status;
        b.durationMs = e.durationMs;
        b.error = e.error;
        if (e.artifacts.length > 0) b.artifacts = e.artifacts;
        this.closeSteps(b, e.status === 'cancelled' ? 'cancelled' : 'not run');
        this.changed();
        return;
      }
      case 'run-end': {
        this.runEnd = { durationMs: e.durationMs, errors: e.errors, cancelled: e.cancelled };
        for (const { build, message } of e.errors) {
          const b = this.ensureBuild(build);
          if (b.status === 'pending' || b.status === 'running') b.status = e.cancelled ? 'cancelled' : 'failed';
          b.error ??= message;
        }
        for (const b of this.builds.values()) {
          if (b.status === 'running' || b.status === 'pending') b.status = e.cancelled ? 'cancelled' : b.status;
          this.closeSteps(b, e.cancelled ? 'cancelled' : 'not run');
        }
        for (const { build, artifact } of e.artifacts) {
          const b = this.ensureBuild(build);
          if (!b.artifacts.some((a) => a.id === artifact.id && a.builderId === artifact.builderId)) b.artifacts.push(artifact);
        }
        this.questions.length = 0;
        this.changed(true);
        return;
      }
    }
  }

  /** The communicator says where it connects, sometimes before its step starts: give it to the connect row. */
  private noteTarget(b: BuildView, text: string): void {
    if (!text.includes('communicator to connect: ')) return;
    const m = /communicator to connect: (.+)$/.exec(text);
    const row = b.steps.find((s) => s.kind === 'connect' && !s.target);
    if (m && row) row.target = m[1];
  }

  /** An ansible provisioner's step shows the task that runs now (its "TASK [name] ***" header line). */
  private noteTask(b: BuildView, step: string, text: string): void {
    if (!text.startsWith('TASK [')) return;
    const m = /^TASK \[(.+)\] \**$/.exec(text);
    const row = b.steps.find((s) => s.id === step && s.kind === 'provision');
    if (m && row) row.target = m[1];
  }

  /** The build is over: every step still open is failed for good or was not run. */
  private closeSteps(b: BuildView, reason: string): void {
    for (const row of b.steps) {
      if (row.endStatus === 'failed' && row.taskState !== 'FAILED') b.tasks?.push(row.id, { kind: 'final' });
      else if (!row.endStatus) {
        row.endStatus = reason === 'cancelled' ? 'cancelled' : 'skipped';
        b.tasks?.push(row.id, { kind: 'skipped', reason });
      }
    }
    for (const t of b.transfers.values()) t.done = true;
  }
}
