// Runs QEMU as a child: its output goes to the log line by line, QMP is connected once the
// socket is there, and stop() always ends it (QMP quit, then SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { LineSplitter } from '../util/lines.js';
import { QmpClient } from './qmp.js';
import { sleep } from '../util/sleep.js';
import { trackLeftover } from '../core/leftovers.js';

export interface QemuExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class QemuProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<QemuExit>;
  private exitInfo: QemuExit | undefined;
  private qmp: QmpClient | undefined;
  /** The last lines QEMU printed, for error messages. */
  readonly lastLines: string[] = [];

  constructor(binary: string, args: string[], onLine: (line: string) => void) {
    this.child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const release = trackLeftover(`qemu process ${this.child.pid ?? '?'} (stop: kill ${this.child.pid ?? ''})`);
    // QEMU must not keep pack alive by itself: with -on-error=abort the machine is left running
    // for inspection and pack exits. The child is held (ref) only while something waits for it.
    this.child.unref();
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      (stream as unknown as { unref?(): void }).unref?.();
      // Lines as everywhere in pack (util/lines): a console line redrawn with "\r" stays one line.
      const splitter = new LineSplitter((line) => {
        this.lastLines.push(line);
        if (this.lastLines.length > 5) this.lastLines.shift();
        onLine(line);
      });
      stream.on('data', (chunk: Buffer) => splitter.push(chunk));
      stream.once('end', () => splitter.end());
    }
    this.exited = new Promise((resolve) => {
      this.child.once('error', (e) => {
        this.lastLines.push(e.message);
        this.exitInfo = { code: null, signal: null };
        resolve(this.exitInfo);
      });
      this.child.once('exit', (code, signal) => {
        release();
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** Waits for the QMP socket, as long as QEMU runs. */
  async connectQmp(socket: string, timeoutMs = 30_000): Promise<QmpClient> {
    const deadline = Date.now() + timeoutMs;
    while (this.running && Date.now() < deadline) {
      if (existsSync(socket)) {
        try {
          this.qmp = await QmpClient.connect(socket);
          return this.qmp;
        } catch {
          /* not listening yet */
        }
      }
      await sleep(100);
    }
    const why = this.running ? 'QEMU did not open its QMP socket in time' : `QEMU exited at once: ${this.lastLines.join(' | ') || 'no output'}`;
    throw new Error(why);
  }

  /** Waits for QEMU to exit by itself; false when the time ran out. */
  async waitForExit(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (!this.running) return true;
    this.child.ref();
    try {
      return await this.raceExit(timeoutMs, signal);
    } finally {
      this.child.unref();
    }
  }

  private async raceExit(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const aborted = new Promise<false>((resolve) => signal?.addEventListener('abort', () => resolve(false), { once: true }));
    const result = await Promise.race([this.exited.then(() => true as const), timedOut, aborted]);
    clearTimeout(timer);
    return result;
  }

  /** Ends QEMU whatever its state: QMP quit, a few seconds' grace, then SIGKILL. */
  async stop(): Promise<void> {
    if (this.running && this.qmp && !this.qmp.isClosed) {
      await Promise.race([this.qmp.execute('quit').catch(() => undefined), sleep(2000)]);
    }
    if (!(await this.waitForExit(5000))) {
      this.child.ref();
      this.child.kill('SIGKILL');
      await this.exited;
    }
    this.qmp?.close();
  }
}
