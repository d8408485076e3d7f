import type { Choice, PackEvent, PackEventInput } from './events.js';
import { Redactor } from './redact.js';

export type Subscriber = (event: PackEvent) => void;

/**
 * The one event stream of a run. Every text is redacted before any subscriber sees it.
 * Questions are answered by whichever subscriber can (the dashboard, or the plain output
 * reading the terminal); with none registered, ask() fails instead of hanging.
 */
export class EventBus {
  readonly redactor: Redactor;
  private subscribers: Subscriber[] = [];
  private pending = new Map<string, { resolve: (key: string) => void; reject: (err: Error) => void }>();
  /** Set once the run is cancelled: nobody is asked anything any more. */
  private closed: string | undefined;
  private answerers = 0;
  private nextQuestion = 1;

  constructor(redactor = new Redactor()) {
    this.redactor = redactor;
  }

  subscribe(fn: Subscriber): () => void {
    this.subscribers.push(fn);
    return () => {
      this.subscribers = this.subscribers.filter((s) => s !== fn);
    };
  }

  /** A subscriber that can answer questions registers itself here. */
  registerAnswerer(): () => void {
    this.answerers++;
    return () => {
      this.answerers--;
    };
  }

  get canAsk(): boolean {
    return this.answerers > 0;
  }

  emit(input: PackEventInput): void {
    // A copy: the caller may emit its object again.
    this.publish({ ...input, time: Date.now() } as PackEvent);
  }

  /**
   * Sends an event the caller made for this one call (its time set), without emit's copy: the
   * per-line path (BuildUi's log lines) uses it, as one spread of events of every shape costs
   * more than the rest of the bus.
   */
  publish(event: PackEvent): void {
    const redacted = this.redactor.redactDeep(event);
    for (const s of this.subscribers) s(redacted);
  }

  ask(q: { build?: string; prompt: string; choices: Choice[] }): Promise<string> {
    if (!this.canAsk) {
      return Promise.reject(new Error('a question needs a terminal to answer it, and none is attached'));
    }
    if (this.closed) return Promise.reject(new Error(this.closed));
    const id = `q${this.nextQuestion++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.emit({ type: 'question', build: q.build, id, prompt: q.prompt, choices: q.choices });
    });
  }

  /**
   * The run was cancelled: every waiting question fails (the engine then takes its cancel choice, clean up),
   * its prompt closes, and later questions fail at once. An answer nobody will give must not hold the run.
   */
  closeQuestions(reason = 'the run was cancelled'): void {
    this.closed = reason;
    for (const [id, { reject }] of [...this.pending]) {
      this.pending.delete(id);
      this.emit({ type: 'question-answered', id, key: '' });
      reject(new Error(reason));
    }
  }

  answer(id: string, key: string): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    this.emit({ type: 'question-answered', id, key });
    waiting.resolve(key);
  }
}
