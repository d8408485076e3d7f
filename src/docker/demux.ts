// Splits the Engine API's multiplexed attach stream (8-byte frame headers: stream type, 3 zero
// bytes, big-endian length) into stdout and stderr, and those into lines.

export type StreamName = 'stdout' | 'stderr';

export class Demuxer {
  private pending: Buffer = Buffer.alloc(0);
  constructor(private readonly onData: (stream: StreamName, data: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const type = this.pending[0];
      const payload = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      // 0 = stdin (echo), 1 = stdout, 2 = stderr, 3 = a system error from the engine.
      this.onData(type === 1 ? 'stdout' : 'stderr', payload);
    }
  }
}
