// The dashboard's state, fed by the core's events, and the only place step state lives.
// Pure TypeScript (no Ink): components read it; listeners hear about changes at most every
// `throttleMs`, so a flood of log lines costs one re-render per tick instead of one per line.
import type { ArtifactInfo, BuildStatus, CacheSummary, Choice, PackEvent, StepKind } from '../../core/events.js';
import { cacheSummaryText, lastOverwrite } from '../../output/lines.js';
import { LogRing, type LogLine } from './log-ring.js';
import { formatDuration, sanitizeLine } from './format.js';

export type StepView = 'waiting' | 'running' | 'done' | 'failed' | 'cached' | 'skipped' | 'cancelled';

export interface StepRow {
  id: string;
  title: string;
  kind: StepKind;
  state: StepView;
  /** Times the step started: 2 or more means it was retried. */
  attempts: number;
  startedAt?: number;
  durationMs?: number;
  /** status cached: the time the build cache saved. */
  savedMs?: number;
  error?: string;
  /** Why a step was skipped ("not run", the engine's reason). */
  reason?: string;
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
  /** pack build -cache: what the build cache reused and saved (from build-end). */
  cache?: CacheSummary;
}

export interface Question {
  id: string;
  build?: string;
  prompt: string;
  choices: Choice[];
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

/** Go-template names a step title may carry ({{.BuildName}}, {{ build_name }}), filled for this build. */
export function renderTitle(title: string, build: { name: string; builderType: string }): string {
  if (!title.includes('{{')) return title;
  return title
    .replace(/\{\{\s*(?:\.BuildName|build_name)\s*\}\}/g, build.name)
    .replace(/\{\{\s*(?:\.BuilderType|build_type)\s*\}\}/g, build.builderType);
}

/** More lines than this since the last frame is a flood: frames come every FLOOD_THROTTLE_MS. */
const FLOOD_LINES = 500;
const FLOOD_THROTTLE_MS = 500;

const OPEN: ReadonlySet<StepView> = new Set(['waiting', 'running']);

export class DashboardStore {
  readonly templatePath: string;
  readonly builds = new Map<string, BuildView>();
  /** Every build's lines in arrival order, for the merged view. */
  readonly merged: LogRing;
  readonly questions: Question[] = [];
  startedAt: number;
  runEnd: RunEnd | undefined;
  /** Bumped on every change; components re-render when it moves. */
  version = 0;
  /** Bumped when a question arrives (the dashboard rings the bell). */
  questionsAsked = 0;
  private listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private linesAtFlush = 0;
  private linesLastPeriod = 0;
  private readonly throttleMs: number;
  private readonly logLines: number;
  /** One numbering for every ring's lines (the merged ring shares their objects). */
  private readonly sequence = { next: 0 };
  readonly now: () => number;

  constructor(opts: StoreOptions) {
    this.templatePath = opts.templatePath;
    this.throttleMs = opts.throttleMs ?? 100;
    // The full log is in the log file (the pager reads it): memory keeps the newest lines only.
    this.logLines = opts.logLines ?? 2_000;
    this.merged = new LogRing(this.logLines, this.sequence);
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
    // Under a flood of lines, text scrolls past faster than it can be read: a frame every half
    // second shows it moving and costs far less (each frame redraws the whole screen).
    // The timer starts on the first line after a frame, so the rate is judged by the lines
    // of the last frame's period (counting since the frame would always see one line).
    const flooding = this.linesLastPeriod > FLOOD_LINES || this.merged.total - this.linesAtFlush > FLOOD_LINES;
    this.timer = setTimeout(() => this.flush(), flooding ? Math.max(this.throttleMs, FLOOD_THROTTLE_MS) : this.throttleMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.linesLastPeriod = this.merged.total - this.linesAtFlush;
    this.linesAtFlush = this.merged.total;
    for (const fn of this.listeners) fn();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private ensureBuild(name: string): BuildView {
    let b = this.builds.get(name);
    if (!b) {
      b = { name, builderType: '', status: 'pending', steps: [], logs: new LogRing(this.logLines, this.sequence), transfers: new Map(), artifacts: [] };
      this.builds.set(name, b);
    }
    return b;
  }

  private pushLine(b: BuildView | undefined, text: string, level: LogLine['level'], time: number, stream?: LogLine['stream'], step?: string): void {
    // Every field at once, in one order: one object shape for all lines (a field added later
    // costs a copy of the object's properties, a line at a time under a flood).
    const line: LogLine = { seq: 0, text, level, stream, step, time, build: b?.name };
    if (b) {
      // One object in both rings: the merged view reads its build from it.
      this.merged.pushEntry(b.logs.push(line));
    } else {
      // A line of no build (a warning of the run) shows in every build's pane.
      const entry = this.merged.push(line);
      for (const each of this.builds.values()) each.logs.pushEntry(entry);
    }
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
        b.steps = e.steps.map((s) => ({ id: s.id, title: renderTitle(s.title, b), kind: s.kind, state: 'waiting', attempts: 0 }));
        this.changed();
        return;
      }
      case 'step-start': {
        const b = this.ensureBuild(e.build);
        let row = b.steps.find((s) => s.id === e.step);
        if (!row) {
          row = { id: e.step, title: renderTitle(e.title, b), kind: e.kind, state: 'waiting', attempts: 0 };
          b.steps.push(row);
        }
        // Planned steps before this one that never started were not run (cleanup rows run out of order).
        const index = b.steps.indexOf(row);
        for (let i = 0; i < index; i++) {
          const other = b.steps[i]!;
          if (other.state === 'waiting' && other.kind !== 'cleanup' && row.kind !== 'cleanup') {
            other.state = 'skipped';
            other.reason ??= 'not run';
          }
        }
        if (e.title) row.title = renderTitle(e.title, b);
        row.state = 'running';
        row.attempts++;
        row.startedAt = e.time;
        row.durationMs = undefined;
        this.changed();
        return;
      }
      case 'step-end': {
        const b = this.ensureBuild(e.build);
        const row = b.steps.find((s) => s.id === e.step);
        if (!row) return;
        // 'cached' comes from the build cache (a step it did not need to run).
        const status = e.status as string;
        row.state = status === 'done' || status === 'failed' || status === 'cached' || status === 'cancelled' ? (status as StepView) : 'skipped';
        row.durationMs = e.durationMs;
        if (row.state === 'failed') row.error = e.error ?? 'failed';
        else if (row.state === 'skipped') row.reason = e.error ?? 'skipped';
        else if (row.state === 'cached' && e.error) row.reason = e.error;
        row.savedMs = e.savedMs;
        for (const t of b.transfers.values()) if (t.step === e.step) t.done = true;
        this.changed();
        return;
      }
      case 'log': {
        // Lines from a post-processor or other component say which, as Packer's "build (compress)".
        const clean = sanitizeLine(lastOverwrite(e.text));
        const text = e.origin ? `(${e.origin}) ${clean}` : clean;
        const b = e.build ? this.ensureBuild(e.build) : undefined;
        if (b && e.level === 'say') this.noteTarget(b, text);
        if (b && e.step && e.level === 'message') this.noteTask(b, e.step, text);
        this.pushLine(b, text, e.level, e.time, e.stream, e.step);
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
        this.questionsAsked++;
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
        const b = this.ensureBuild(e.build);
        if (!b.artifacts.some((a) => sameArtifact(a, e.artifact))) b.artifacts.push(e.artifact);
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
        if (e.cache) {
          b.cache = e.cache;
          // The plain output's line, in the build's pane.
          this.pushLine(b, `Build cache: ${cacheSummaryText(e.cache, formatDuration)}`, 'say', e.time);
        }
        // The reason ends the build's pane, whatever stage it failed in (a builder that fails
        // before any step logs leaves nothing else there).
        if (e.status === 'failed') {
          this.pushLine(b, `Build '${b.name}' errored: ${e.error ?? 'failed'}`, 'error', e.time);
        }
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
          if (!b.artifacts.some((a) => sameArtifact(a, artifact))) b.artifacts.push(artifact);
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

  /**
   * The build is over: the step running when a cancel came was cancelled; every other step still open (one that
   * never started, cancelled or not) was not run.
   */
  private closeSteps(b: BuildView, reason: 'cancelled' | 'not run'): void {
    for (const row of b.steps) {
      if (!OPEN.has(row.state)) continue;
      if (reason === 'cancelled' && row.state === 'running') row.state = 'cancelled';
      else if (row.state === 'running') {
        // The build ended under a running step: that step is where it failed.
        row.state = b.status === 'success' ? 'done' : 'failed';
        if (row.state === 'failed') row.error ??= b.error ?? 'failed';
      } else {
        row.state = 'skipped';
        row.reason ??= 'not run';
      }
    }
    for (const t of b.transfers.values()) t.done = true;
  }
}

function sameArtifact(a: ArtifactInfo, b: ArtifactInfo): boolean {
  return a.builderId === b.builderId && a.id === b.id && a.description === b.description;
}
