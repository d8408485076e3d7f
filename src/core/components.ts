// The small interfaces every component implements (after packer-plugin-sdk's multistep,
// packer.Builder, packer.Communicator, packer.Provisioner and packer.PostProcessor).
import type { Choice, StepKind } from './events.js';

// ---------------------------------------------------------------- multistep

export type StepAction = 'continue' | 'halt';

/** Shared between the steps of one build: the communicator, the artifact, the error... */
export type StateBag = Map<string, unknown>;

/**
 * A typed key of the state bag: `getState(state, STATE.communicator)` is a Communicator.
 * Steps name the keys they read and write in their header comment.
 */
export interface StateKey<T> {
  readonly name: string;
  /** Only carries T for the type checker. */
  readonly __type?: (value: T) => T;
}

export function stateKey<T>(name: string): StateKey<T> {
  return { name };
}

export function getState<T>(state: StateBag, key: StateKey<T>): T | undefined {
  return state.get(key.name) as T | undefined;
}

export function setState<T>(state: StateBag, key: StateKey<T>, value: T): void {
  state.set(key.name, value);
}

/** A key pair a builder made for this build (the ssh communicator logs in with it). */
export interface TemporaryKey {
  privateKey: string;
  publicKey: string;
  /** The private key written 0600 on this machine, for tools that want a file (ansible). */
  privateKeyFile?: string;
}

/** The builder's HTTP server as the machine reaches it: PACKER_HTTP_ADDR, {{.HTTPIP}}, {{.HTTPPort}}. */
export interface HttpEndpoint {
  ip: string;
  port: number;
}

/** State keys the core and every builder share. Components add their own, named "type.what". */
export const STATE = {
  communicator: stateKey<Communicator | undefined>('communicator'),
  error: stateKey<Error>('error'),
  /** Set by a builder's temporary key pair step. */
  sshKeyPair: stateKey<TemporaryKey>('ssh.keyPair'),
  /** Set by the shared HTTP server step (src/steps/http-server.ts). */
  http: stateKey<HttpEndpoint>('http'),
  /** Set by the core's connect step: what provisioners get as ProvisionContext.conn. */
  conn: stateKey<ConnectionInfo>('conn'),
  /** pack build -cache: true when the build resumed after its last provisioner (nothing will run in the machine). */
  cacheComplete: stateKey<boolean>('cache.complete'),
};

export interface Step {
  /** Unique in the build; shows in events. */
  id: string;
  title: string;
  kind: StepKind;
  /** Returns 'halt' after putting an Error under STATE.error (setState), or throws. */
  run(state: StateBag, ctx: BuildContext): Promise<StepAction>;
  /** Runs in reverse order for every step that ran, also after failure and cancel. */
  cleanup?(state: StateBag, ctx: BuildContext): Promise<void>;
}

// ---------------------------------------------------------------- build context

export interface Progress {
  /** Identifies the transfer within the step. */
  id: string;
  label: string;
  bytes: number;
  total?: number;
  done?: boolean;
}

/** What a component may tell the person watching. Each call becomes an event. */
export interface BuildUi {
  /** "==> build: text" */
  say(text: string): void;
  /** "    build: text" */
  message(text: string): void;
  /** Red "==> build: text". */
  error(text: string): void;
  /** A line a command printed. stdout is shown like message, stderr like error. */
  output(line: string, stream: 'stdout' | 'stderr'): void;
  progress(p: Progress): void;
  /** Asks the person; rejects when nobody can answer (no terminal). */
  ask(prompt: string, choices: Choice[]): Promise<string>;
}

export type OnErrorMode = 'cleanup' | 'abort' | 'ask' | 'run-cleanup-provisioner';

export interface BuildContext {
  /** The build's own name: PACKER_BUILD_NAME, {{build_name}}. */
  buildName: string;
  /** What the output prefixes show ("x", "null.x"). */
  displayName: string;
  builderType: string;
  templateDir: string;
  /** Aborted on Ctrl-C / SIGTERM / another build's failure when asked to stop all. */
  signal: AbortSignal;
  ui: BuildUi;
  onError: OnErrorMode;
  debug: boolean;
  /** -force: overwrite existing artifacts. */
  force: boolean;
  /** Same for every build of one `pack build` run (manifest packer_run_uuid). */
  runUuid: string;
  /** Registers a secret so that it is masked in every output from now on. */
  addSecret(value: string): void;
  /** Renders a Go template at run time ({{.Path}}, {{.Vars}}, {{build_name}}...). */
  render(text: string, data?: Record<string, unknown>): string;
  /** Where per-run scratch files go (removed at the end). */
  tempDir: string;
  /** Masks registered secrets in a text that leaves the core by another way than events (manifest files). */
  redact?(text: string): string;
}

// ---------------------------------------------------------------- communicator

export interface RemoteCommand {
  command: string;
  /** Bytes fed to the command's standard input, then closed (ansible's adapter pipes scp/sftp through it). */
  stdin?: NodeJS.ReadableStream | Buffer | string;
  /** Raw chunks, for callers that proxy a byte stream (the ansible SSH adapter); lines still go to onStdout/onStderr. */
  onStdoutData?(chunk: Buffer): void;
  onStderrData?(chunk: Buffer): void;
  /** Lines as they come, without the newline. */
  onStdout?(line: string): void;
  onStderr?(line: string): void;
  signal?: AbortSignal;
}

export interface CommandResult {
  /** null when the command ended without a code (killed by a signal or the connection dropped). */
  exitCode: number | null;
  signal?: string;
  /** True when the connection dropped while the command ran (reboots: expect_disconnect). */
  disconnected?: boolean;
}

export interface TransferOptions {
  /** File mode to set on the far side (uploads) or here (downloads). */
  mode?: number;
  onProgress?(bytes: number, total: number | undefined): void;
  signal?: AbortSignal;
}

export interface Communicator {
  run(cmd: RemoteCommand): Promise<CommandResult>;
  /** Uploads one local file. */
  upload(localPath: string, remotePath: string, opts?: TransferOptions): Promise<void>;
  /** Uploads bytes as a remote file (inline scripts, content). */
  uploadData(data: string | Buffer, remotePath: string, opts?: TransferOptions): Promise<void>;
  /** Packer's rule: "src/" copies the contents, "src" copies the folder itself into remotePath. */
  uploadDir(localDir: string, remotePath: string, opts?: TransferOptions): Promise<void>;
  download(remotePath: string, localPath: string, opts?: TransferOptions): Promise<void>;
  downloadDir(remoteDir: string, localPath: string, opts?: TransferOptions): Promise<void>;
  close(): Promise<void>;
}

/**
 * Optional communicator capabilities, asked for by interface, never by class
 * (`hasCapability(comm, 'uploadAndRun')`).
 */
export interface UploadAndRun {
  /** Writes `data` to `remotePath` (mode 0755) and runs `command` in one exec where the transport allows it. */
  uploadAndRun(data: string | Buffer, remotePath: string, cmd: RemoteCommand): Promise<CommandResult>;
}

/** Thrown by a communicator that cannot reach the machine (yet, e.g. while it reboots): callers may retry. */
export class UnreachableError extends Error {}

export interface WaitReady {
  /** Resolves once the machine answers (reconnecting after a drop); throws UnreachableError while it does not. */
  ready(): Promise<void>;
}

export interface CommunicatorCapabilities {
  uploadAndRun: UploadAndRun;
  ready: WaitReady;
}

export function hasCapability<K extends keyof CommunicatorCapabilities>(
  comm: Communicator | undefined,
  name: K,
): comm is Communicator & CommunicatorCapabilities[K] {
  return !!comm && typeof (comm as unknown as Record<string, unknown>)[name] === 'function';
}

/**
 * Named connection data for provisioners (packer-plugin-sdk's PopulateProvisionHookData):
 * what ansible, shell's PACKER_HTTP_ADDR and the like need, with no import from src/ssh,
 * src/docker or src/qemu.
 */
export interface ConnectionInfo {
  /** The communicator's type: "ssh", "docker", "none". */
  type: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  /** PEM text of the private key in use (the template's or the temporary one). */
  privateKey?: string;
  /** A path to that key on this machine: the template's ssh_private_key_file, or the temporary key written 0600. */
  privateKeyFile?: string;
  /** True when pack generated the key pair for this build. */
  temporaryKey?: boolean;
  /** The builder's HTTP server as the guest reaches it ("10.0.2.2:8123"): PACKER_HTTP_ADDR. */
  httpAddr?: string;
  httpIp?: string;
  httpPort?: number;
  /** The machine's id where the builder has one (docker: the container id). */
  id?: string;
  builderType: string;
  buildName: string;
}

/** Where a builder keeps a saved point ("docker-image", "qemu-snapshot"...); src/cache frees it by kind. */
export interface CachePointRef {
  kind: string;
  [field: string]: unknown;
}

/**
 * A cache point (pack build -cache): builders that can save and resume their running machine
 * implement this; the engine decides where points go and what their keys are.
 */
export interface CacheableBuilder {
  /**
   * The id of the builder's step before which the engine computes the keys and looks for a saved
   * point (cacheInputs may need what earlier steps learned: docker's image id after the pull).
   */
  cacheLookupBefore: string;
  /** What of the builder's config shapes the machine, for the first point's key (no secrets in clear). */
  cacheInputs(state: StateBag, ctx: BuildContext): Promise<unknown>;
  /** Saves the running machine under `key`; returns where it is kept, for the cache index. */
  savePoint(key: string, state: StateBag, ctx: BuildContext): Promise<{ ref: CachePointRef; bytes?: number }>;
  /**
   * Makes the builder's remaining steps start the machine from a saved point instead of from
   * scratch (they read what this puts in `state`). gone: the point was removed outside pack;
   * busy: another build uses it right now. cacheInputs runs first, once per cached build.
   */
  resumePoint(ref: CachePointRef, state: StateBag, ctx: BuildContext): Promise<'resumed' | 'gone' | 'busy'>;
}

export function isCacheable(b: Builder): b is Builder & CacheableBuilder {
  const c = b as Partial<CacheableBuilder>;
  return typeof c.savePoint === 'function' && typeof c.resumePoint === 'function' && typeof c.cacheInputs === 'function';
}

/**
 * A communicator's fields may be completed by the builder at run time (a forwarded port,
 * a container id, a temporary key): `target` holds those, overriding the template's values.
 */
export interface CommunicatorFactory {
  connect(
    config: Record<string, unknown>,
    target: Record<string, unknown>,
    ctx: BuildContext,
    state: StateBag,
  ): Promise<Communicator>;
  /**
   * After connect: the communicator's part of the provisioners' connection record (host, port,
   * user, password or key, the machine's id). The core adds the HTTP address, the temporary
   * key's file, the builder type and the build name.
   */
  describe?(config: Record<string, unknown>, target: Record<string, unknown>, ctx: BuildContext, state: StateBag): Partial<ConnectionInfo>;
}

// ---------------------------------------------------------------- artifact

export interface Artifact {
  builderId: string;
  id: string;
  files: string[];
  string(): string;
  /** Builder-specific values (docker: image id) for post-processors. */
  state?: Record<string, unknown>;
  destroy(): Promise<void>;
}

// ---------------------------------------------------------------- builder

/** Steps the core provides to builders, so every builder connects and provisions the same way. */
export interface CommonSteps {
  /**
   * Connects the build's communicator. `target(state)` gives values the builder learned at
   * run time (ssh_host, ssh_port, docker container id...), which override the template's.
   */
  connect(target?: (state: StateBag) => Record<string, unknown>): Step;
  /** Runs the build's provisioners over the connected communicator (Packer's provision hook). */
  provision(): Step;
}

export interface Builder {
  steps(common: CommonSteps): Step[];
  /** After every step succeeded: the artifact, or undefined when there is none. */
  artifact(state: StateBag, ctx: BuildContext): Artifact | undefined | Promise<Artifact | undefined>;
}

export interface BuilderFactory {
  /** config is the builder's validated, interpolated config (defaults applied). */
  create(config: Record<string, unknown>, ctx: BuildContext): Builder;
}

// ---------------------------------------------------------------- provisioner

export interface ProvisionContext extends BuildContext {
  /** undefined with communicator "none". */
  comm: Communicator | undefined;
  /** The communicator's type ("ssh", "none", "docker"). */
  commType: string;
  /** The typed connection record: host, port, user, key, HTTP address, builder type, build name. */
  conn: ConnectionInfo;
}

export interface Provisioner {
  /** Throws an Error whose message is what the build reports. */
  provision(ctx: ProvisionContext): Promise<void>;
}

export interface ProvisionerFactory {
  /** A short summary for the step title: "inline: 3 commands", "upload app/ => /opt/app". */
  summary?(config: Record<string, unknown>): string;
  create(config: Record<string, unknown>): Provisioner;
  /**
   * pack build -cache: the local paths (as written) whose content this provisioner reads or
   * uploads; they enter its cache key. null when it acts on this machine (a cached run would skip
   * that), so no point at or after it is reused. Without this method: no local files.
   */
  cacheInputs?(config: Record<string, unknown>): string[] | null;
}

// ---------------------------------------------------------------- post-processor

export interface PostProcessResult {
  artifact: Artifact;
  /** Keep the input artifact even without keep_input_artifact. */
  keep?: boolean;
  /** The post-processor insists on keeping (true) or destroying (false) the input, whatever the template says. */
  forceOverride?: boolean;
}

export interface PostProcessor {
  process(input: Artifact, ctx: BuildContext): Promise<PostProcessResult>;
}

export interface PostProcessorFactory {
  summary?(config: Record<string, unknown>): string;
  create(config: Record<string, unknown>): PostProcessor;
  /**
   * What it can refuse before the build starts (a file it would not replace without -force), so a
   * long build does not fail at its end; throws. `first`: it takes the builder's own artifact.
   */
  checkAtStart?(config: Record<string, unknown>, ctx: BuildContext, where: { first: boolean }): void;
}
