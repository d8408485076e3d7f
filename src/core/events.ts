// The typed events the core emits. Nothing in the core writes to the terminal: the plain
// Packer-style output, -machine-readable, the per-build log files and the Ink dashboard
// all subscribe to these.

export type StepKind = 'prepare' | 'builder' | 'connect' | 'provision' | 'post-process' | 'cleanup';
/** cached: not run, its result came from the build cache (pack build -cache). */
export type StepStatus = 'done' | 'failed' | 'skipped' | 'cancelled' | 'cached';
export type BuildStatus = 'success' | 'failed' | 'cancelled';

export interface PlannedStep {
  /** Unique within the build: "builder:create-container", "provision:2", "post-process:0.1". */
  id: string;
  /** Human title: a provisioner's `name`, or its type and a short summary. */
  title: string;
  kind: StepKind;
}

export interface ArtifactInfo {
  builderId: string;
  id: string;
  files: string[];
  /** Artifact.string(): what the closing list prints. */
  description: string;
}

export interface CacheSummary {
  reusedSteps: number;
  /** Steps the cache covers: the provisioners before any that acts on this machine. */
  cacheableSteps: number;
  savedMs: number;
  /** Points written by this build. */
  savedPoints: number;
}

interface Base {
  /** Date.now() when emitted. */
  time: number;
}

/**
 * What a choice does, so that every face treats it alike: Enter alone may take a pause's 'continue' and the
 * dashboard selects 'retry' first; nothing picks 'cleanup' or 'abort' for the person (they remove or abandon the
 * machine), and a cancelled run answers 'cleanup'.
 */
export type ChoiceRole = 'continue' | 'retry' | 'cleanup' | 'abort';

/** One answer to a question: the key that gives it, its words, and what it does. */
export interface Choice {
  key: string;
  label: string;
  role: ChoiceRole;
}

export type PackEvent =
  | (Base & { type: 'run-start'; template: string; builds: string[] })
  | (Base & { type: 'build-start'; build: string; builderType: string; steps: PlannedStep[] })
  | (Base & { type: 'step-start'; build: string; step: string; title: string; kind: StepKind })
  | (Base & {
      type: 'step-end';
      build: string;
      step: string;
      status: StepStatus;
      durationMs: number;
      error?: string;
      /** status cached: how long the step took when it ran. */
      savedMs?: number;
    })
  /**
   * A log line. level follows Packer's ui: say = "==> build: text", message = "    build: text",
   * error = red "==> build: text". stream is set for lines a command printed.
   */
  | (Base & {
      type: 'log';
      build?: string;
      step?: string;
      level: 'say' | 'message' | 'error';
      stream?: 'stdout' | 'stderr';
      text: string;
      /** The component that printed it, when not the build itself: Packer shows "build (compress)". */
      origin?: string;
    })
  | (Base & {
      type: 'progress';
      build: string;
      step?: string;
      /** Identifies one transfer. */
      id: string;
      label: string;
      bytes: number;
      total?: number;
      done: boolean;
    })
  /** Someone must choose (on-error=ask, -debug, breakpoint). Answer with EventBus.answer(id, key). */
  | (Base & {
      type: 'question';
      build?: string;
      id: string;
      prompt: string;
      choices: Choice[];
    })
  | (Base & { type: 'question-answered'; id: string; key: string })
  | (Base & { type: 'artifact'; build: string; artifact: ArtifactInfo })
  | (Base & {
      type: 'build-end';
      build: string;
      status: BuildStatus;
      durationMs: number;
      error?: string;
      artifacts: ArtifactInfo[];
      /** pack build -cache: how many of the build's cache points were reused, and the time that saved. */
      cache?: CacheSummary;
    })
  | (Base & {
      type: 'run-end';
      durationMs: number;
      /** Builds that errored (or were cancelled), with their error. */
      errors: { build: string; message: string }[];
      artifacts: { build: string; artifact: ArtifactInfo }[];
      cancelled: boolean;
    });

export type PackEventType = PackEvent['type'];
/** Distributes Omit over the union so each member keeps its own fields. */
type DistributiveOmit<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;
export type PackEventInput = DistributiveOmit<PackEvent, 'time'>;
