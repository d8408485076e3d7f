/** Retries an assertion every 10 ms until it holds or the time is up (Ink renders are asynchronous and throttled). */
export async function retryUntil(check: () => void, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
