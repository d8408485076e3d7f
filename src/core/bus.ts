import type { PackEvent, PackEventInput } from './events.js';
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
  private pending = new Map<string, (key: string) => void>();
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

  ask(q: { build?: string; prompt: string; choices: { key: string; label: string }[] }): Promise<string> {
    if (!this.canAsk) {
      return Promise.reject(new Error('a question needs a terminal to answer it, and none is attached'));
    }
    const id = `q${this.nextQuestion++}`;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.emit({ type: 'question', build: q.build, id, prompt: q.prompt, choices: q.choices });
    });
  }

  answer(id: string, key: string): void {
    const resolve = this.pending.get(id);
    if (!resolve) return;
    this.pending.delete(id);
    this.emit({ type: 'question-answered', id, key });
    resolve(key);
  }
}
