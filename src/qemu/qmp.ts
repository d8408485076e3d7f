// A small client for QEMU's machine protocol (QMP) over a unix socket: one JSON object a line;
// commands are answered in order, events come in between.
import { createConnection, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class QmpClient extends EventEmitter {
  private buffer = '';
  private pending: Pending[] = [];
  private closed = false;

  private constructor(private readonly socket: Socket) {
    super();
    socket.setEncoding('utf8');
    // Held open (ref) only until the greeting and while a command waits for its answer:
    // pack may exit with QEMU still running (-on-error=abort).
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('close', () => this.onClose());
    socket.on('error', () => this.onClose());
  }

  /** Connects, reads the greeting and leaves negotiation mode. */
  static async connect(path: string): Promise<QmpClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection(path);
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    const client = new QmpClient(socket);
    await new Promise<void>((resolve, reject) => {
      client.once('greeting', () => resolve());
      client.once('close', () => reject(new Error('QEMU closed its QMP socket before greeting')));
    });
    await client.execute('qmp_capabilities');
    return client;
  }

  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`QMP ${command}: QEMU is gone`));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.ref();
      this.socket.write(JSON.stringify(args ? { execute: command, arguments: args } : { execute: command }) + '\n');
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: string) {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line) this.onMessage(JSON.parse(line) as Record<string, unknown>);
    }
  }

  private onMessage(msg: Record<string, unknown>) {
    if ('QMP' in msg) this.emit('greeting', msg.QMP);
    else if ('event' in msg) this.emit('event', msg);
    else if ('return' in msg) this.pending.shift()?.resolve(msg.return);
    else if ('error' in msg) {
      const e = msg.error as { class?: string; desc?: string };
      this.pending.shift()?.reject(new Error(`QMP: ${e.desc ?? e.class ?? 'error'}`));
    }
    if (this.pending.length === 0) this.socket.unref();
  }

  private onClose() {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.splice(0)) p.reject(new Error('QEMU closed its QMP socket'));
    this.emit('close');
  }
}
