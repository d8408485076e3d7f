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
  private pushed = 0;

  /**
   * Rings that share `sequence` number their lines in one order (the store's rings do, so the
   * merged ring can hold the per-build rings' own objects and still be in sequence order).
   */
  constructor(
    readonly capacity = 10_000,
    private readonly sequence: { next: number } = { next: 0 },
  ) {
    this.buf = new Array(capacity);
  }

  /** Adds the line (the object itself, numbered; not copied) and returns it. */
  push(line: Omit<LogLine, 'seq'>): LogLine {
    const entry = line as LogLine;
    entry.seq = this.sequence.next++;
    this.pushEntry(entry);
    return entry;
  }

  /** Keeps an entry a ring of the same sequence numbered already. */
  pushEntry(entry: LogLine): void {
    this.pushed++;
    this.store(entry);
  }

  private store(entry: LogLine): void {
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
    return this.pushed;
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
