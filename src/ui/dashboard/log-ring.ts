// A bounded in-memory log for one build: the newest `capacity` lines, each with a sequence
// number that keeps growing, so a scrolled viewport can stay anchored while old lines drop off.

export interface LogLine {
  seq: number;
  text: string;
  level: 'say' | 'message' | 'error';
  stream?: 'stdout' | 'stderr';
  step?: string;
  /** Date.now() of the event, for -timestamp-ui. */
  time?: number;
  /** The build it came from (set in the merged view's ring). */
  build?: string;
}

export class LogRing {
  private buf: (LogLine | undefined)[];
  private start = 0;
  private count = 0;
  private nextSeq = 0;

  constructor(readonly capacity = 10_000) {
    this.buf = new Array(capacity);
  }

  push(line: Omit<LogLine, 'seq'>): void {
    const entry: LogLine = { ...line, seq: this.nextSeq++ };
    if (this.count < this.capacity) {
      this.buf[(this.start + this.count) % this.capacity] = entry;
      this.count++;
    } else {
      this.buf[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  get size(): number {
    return this.count;
  }

  /** Lines ever pushed, including those that dropped off. */
  get total(): number {
    return this.nextSeq;
  }

  /** Oldest first; `keep` filters without copying the whole ring twice. */
  lines(keep?: (line: LogLine) => boolean): LogLine[] {
    const out: LogLine[] = [];
    for (let i = 0; i < this.count; i++) {
      const line = this.buf[(this.start + i) % this.capacity]!;
      if (!keep || keep(line)) out.push(line);
    }
    return out;
  }
}
