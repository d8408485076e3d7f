// Turns one Packer build's machine-readable lines into pack's events, as a native build would
// emit them: a step per "==>" line of the builder, one step per provisioner and post-processor
// (titled as pack titles them), log lines with their stream, the artifacts and the build's end.
import type { ArtifactInfo, BuildStatus, PackEventInput, PlannedStep, StepKind, StepStatus } from '../core/events.js';
import { parseMachineLine, readUiLine, type UiLine } from './machine-line.js';
import { ERROR_CLEANUP, opensProvisioner, postProcessorStarting } from './openings.js';

export interface PlannedComponent {
  /** pack's step id: "provision:2", "post-process:0.1". */
  id: string;
  type: string;
  name?: string;
  title: string;
}

export interface TranslatorOptions {
  /** The build's name as pack and Packer print it. */
  build: string;
  builderType: string;
  /** In the order Packer runs them (only/except already applied). */
  provisioners: PlannedComponent[];
  /** Chain by chain, in order. */
  postProcessors: PlannedComponent[];
  emit(event: PackEventInput): void;
  now?(): number;
}

export interface TranslatedEnd {
  status: BuildStatus;
  error?: string;
  artifacts: ArtifactInfo[];
}

interface OpenStep {
  id: string;
  kind: StepKind;
  startedAt: number;
}

export class PackerOutputTranslator {
  private readonly o: TranslatorOptions;
  private readonly now: () => number;
  private step?: OpenStep;
  private builderSteps = 0;
  private nextProvisioner = 0;
  private nextPostProcessor = 0;
  private partial = new Map<number, ArtifactInfo & { done: boolean }>();
  private errors: string[] = [];
  /** Packer's own error lines outside the build (a template it refuses): the reason when nothing better says it. */
  private looseErrors: string[] = [];
  private ended?: { ok: boolean; message?: string };
  private pending = '';

  constructor(opts: TranslatorOptions) {
    this.o = opts;
    this.now = opts.now ?? (() => performance.now());
  }

  /**
   * The steps announced at the build's start: none. Packer's builder steps are known only as they
   * come, and they come before the provisioners; announcing the provisioners first would show them
   * above (and as passed over by) the builder's steps. Each step appears when it starts.
   */
  planned(): PlannedStep[] {
    return [];
  }

  /** Feeds a chunk of Packer's stdout; whole lines are translated as they complete. */
  write(chunk: string): void {
    this.pending += chunk;
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      this.line(line);
    }
  }

  line(raw: string): void {
    const record = parseMachineLine(raw);
    if (!record) {
      if (raw.trim()) this.log({ level: 'message', text: raw.trimEnd(), prefixed: false, arrow: false });
      return;
    }
    switch (record.type) {
      case 'ui': {
        const ui = readUiLine(record, this.o.build);
        if (ui) this.ui(ui);
        return;
      }
      case 'artifact':
        this.artifact(record.data);
        return;
      case 'error':
        if (record.data[0]) this.errors.push(record.data.join(','));
        return;
      default:
        // artifact-count, error-count, version...: nothing pack shows.
        return;
    }
  }

  private ui(ui: UiLine): void {
    const end = /^Build '(.*)' (finished|errored) after [^:]*?(?:: ([\s\S]*))?\.?$/.exec(ui.text);
    if (end) {
      this.ended = end[2] === 'finished' ? { ok: true } : { ok: false, message: end[3] };
      return;
    }
    if (!ui.prefixed) {
      // Packer's closing lines ("==> Wait completed", "--> x: artifact") and its word on an
      // interrupt: pack prints its own.
      if (/^\n?(==>|-->) |^Cancelling build after receiving|^Cleanly cancelled builds/.test(ui.text)) return;
      if (ui.level === 'error') this.looseErrors.push(ui.text.trim());
      this.log(ui);
      return;
    }
    if (ui.level === 'say' && ui.arrow && !ui.origin) this.boundary(ui.text);
    this.log(ui);
  }

  /** A "==> build: text" line of the build itself: perhaps the start of a new step. */
  private boundary(text: string): void {
    const pp = postProcessorStarting(text);
    if (pp) {
      const i = this.o.postProcessors.findIndex(
        (p, i) => i >= this.nextPostProcessor && (p.type === (pp.type ?? pp.name) || (pp.name !== '' && p.name === pp.name)),
      );
      if (i >= 0) {
        this.skipTo('post-process', i);
        this.nextPostProcessor = i + 1;
        this.open(this.o.postProcessors[i].id, this.o.postProcessors[i].title, 'post-process');
        return;
      }
    }
    if (ERROR_CLEANUP.test(text)) {
      this.close('failed');
      this.open('provision:error-cleanup', 'Error cleanup provisioner', 'cleanup');
      return;
    }
    if (this.step?.kind !== 'post-process' && this.step?.kind !== 'cleanup') {
      const i = this.o.provisioners.findIndex((p, i) => i >= this.nextProvisioner && opensProvisioner(p.type, text));
      if (i >= 0) {
        this.skipTo('provision', i);
        this.nextProvisioner = i + 1;
        this.open(this.o.provisioners[i].id, this.o.provisioners[i].title, 'provision');
        return;
      }
    }
    // Lines within a provisioner or post-processor are its own; before them, each is a builder step.
    if (this.step && this.step.kind !== 'builder') return;
    this.builderSteps++;
    this.open(`packer:${this.builderSteps}`, text.split('\n')[0], 'builder');
  }

  /** Components that printed nothing before the one that starts now ran all the same. */
  private skipTo(kind: 'provision' | 'post-process', index: number): void {
    const list = kind === 'provision' ? this.o.provisioners : this.o.postProcessors;
    const from = kind === 'provision' ? this.nextProvisioner : this.nextPostProcessor;
    for (let i = from; i < index; i++) {
      this.open(list[i].id, list[i].title, kind);
      this.close('done');
    }
  }

  private open(id: string, title: string, kind: StepKind): void {
    this.close('done');
    this.step = { id, kind, startedAt: this.now() };
    this.o.emit({ type: 'step-start', build: this.o.build, step: id, title, kind });
  }

  private close(status: StepStatus, error?: string): void {
    const s = this.step;
    if (!s) return;
    this.step = undefined;
    this.o.emit({
      type: 'step-end',
      build: this.o.build,
      step: s.id,
      status,
      durationMs: this.now() - s.startedAt,
      ...(error ? { error } : {}),
    });
  }

  private log(ui: UiLine): void {
    const stream = ui.level === 'message' ? 'stdout' : ui.level === 'error' ? 'stderr' : undefined;
    this.o.emit({
      type: 'log',
      build: this.o.build,
      ...(this.step ? { step: this.step.id } : {}),
      level: ui.level,
      ...(stream && ui.prefixed ? { stream } : {}),
      text: ui.text,
      ...(ui.origin ? { origin: ui.origin } : {}),
    });
  }

  private artifact(data: string[]): void {
    const index = Number(data[0]);
    if (!Number.isInteger(index)) return;
    let a = this.partial.get(index);
    if (!a) this.partial.set(index, (a = { builderId: '', id: '', files: [], description: '', done: false }));
    const [key, ...rest] = data.slice(1);
    const value = rest.join(',');
    if (key === 'builder-id') a.builderId = value;
    else if (key === 'id') a.id = value;
    else if (key === 'string') a.description = value;
    else if (key === 'file') a.files.push(rest.slice(1).join(','));
    else if (key === 'end') a.done = true;
  }

  /** Packer exited: close the open step and say how the build ended. */
  finish(exit: { code: number | null; cancelled: boolean; stderr?: string }): TranslatedEnd {
    if (this.pending) this.line(this.pending);
    this.pending = '';
    const artifacts = [...this.partial.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, a]) => ({ builderId: a.builderId, id: a.id, files: a.files, description: a.description }));
    if (exit.cancelled) {
      this.close('cancelled');
      return { status: 'cancelled', error: 'Build was cancelled.', artifacts: [] };
    }
    const ok = exit.code === 0 && (this.ended?.ok ?? true);
    if (ok) {
      this.close('done');
      return { status: 'success', artifacts };
    }
    const error =
      this.errors.join('\n') ||
      this.ended?.message ||
      this.looseErrors.join('\n').replace(/\n{2,}/g, '\n') ||
      lastLines(exit.stderr) ||
      `packer exited with ${exit.code === null ? 'a signal' : `code ${exit.code}`}`;
    // The error-cleanup provisioner ran after the failure: the failure is the step before it.
    if (this.step?.kind === 'cleanup') this.close('done');
    else this.close('failed', error);
    return { status: 'failed', error, artifacts: [] };
  }
}

function lastLines(text: string | undefined): string {
  return (text ?? '').trim().split('\n').slice(-5).join('\n');
}
