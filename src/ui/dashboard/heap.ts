// A flood of build output makes short-lived garbage faster than V8's lazy default collects
// it, and the heap's high-water mark stays. The dashboard keeps only a bounded log (the full
// log is on disk), so after every LINES_PER_COLLECT lines it asks for a full collection: about
// 0.02-0.03 of a core under a 20,000 lines/s flood, for a peak some 8 MB lower (bench/dashboard.mjs;
// without it the peak also grows on a busy machine, where V8's concurrent marking falls behind).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const LINES_PER_COLLECT = 20_000;

let collect: (() => void) | undefined | null;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  } catch {
    collect = null;
  }
  return collect;
}

/** Counts lines; collects once enough went by. */
export function lineCollector(): (lines: number) => void {
  let since = 0;
  return (lines) => {
    since += lines;
    if (since < LINES_PER_COLLECT) return;
    since = 0;
    collector()?.();
  };
}
