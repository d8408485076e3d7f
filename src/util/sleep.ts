// The one abortable wait.
import { setTimeout as wait } from 'node:timers/promises';

/** Node's timers take at most 2^31-1 ms; longer waits would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after ms, or rejects with "cancelled" when the signal aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new Error('cancelled');
  try {
    await wait(Math.min(Math.max(0, ms), MAX_TIMER_MS), undefined, signal ? { signal } : undefined);
  } catch (err) {
    if (signal?.aborted) throw new Error('cancelled');
    throw err;
  }
}

/** Like sleep, but an abort only ends the wait early (callers check the signal themselves). */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  await sleep(ms, signal).catch((err: unknown) => {
    if (!signal?.aborted) throw err;
  });
}
