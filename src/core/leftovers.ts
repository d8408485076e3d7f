// What a run has started and not yet removed (containers, processes, temp folders), so that a
// force-quit can say what it leaves behind. Components add an entry when they create something
// that outlives a crash and remove it once their cleanup removed that thing.

const live = new Map<number, string>();
let nextId = 1;

/** Records something to remove, e.g. "docker container 3f2a…" or "path /tmp/pack-build-x"; returns its release. */
export function trackLeftover(description: string): () => void {
  const id = nextId++;
  live.set(id, description);
  return () => {
    live.delete(id);
  };
}

/** What is still there, oldest first. */
export function leftovers(): string[] {
  return [...live.values()];
}

/** What is still there, a line each under a heading (force-quit, skipped cleanups), secrets masked; '' when nothing is. */
export function leftoverList(redact: (text: string) => string): string {
  return leftovers()
    .map((l) => `  ${redact(l)}\n`)
    .join('');
}
