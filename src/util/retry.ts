// Retry with backoff, bounded by a deadline and the build's signal.
import { sleep } from './sleep.js';

export interface RetryOptions {
  /** Give up (rethrow the last error) after this long. */
  forMs: number;
  /** First pause; each next one doubles, up to maxDelayMs. */
  delayMs: number;
  maxDelayMs: number;
  signal?: AbortSignal;
  /** Errors that are worth another try; others are thrown at once. */
  retryable(err: unknown): boolean;
  onRetry?(err: unknown): void;
}

export async function retry<T>(op: () => Promise<T>, o: RetryOptions): Promise<T> {
  const deadline = Date.now() + o.forMs;
  let delay = o.delayMs;
  for (;;) {
    try {
      return await op();
    } catch (err) {
      if (!o.retryable(err) || Date.now() >= deadline || o.signal?.aborted) throw err;
      o.onRetry?.(err);
      await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), o.signal);
      delay = Math.min(delay * 2, o.maxDelayMs);
    }
  }
}
