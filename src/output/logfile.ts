// -log-dir: each build's full log, plain text and redacted (the bus redacts before any
// subscriber sees an event), in DIR/<build>.log.
import { openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { PackEvent } from '../core/events.js';
import type { Subscriber } from '../core/bus.js';
import { formatDuration } from '../util/duration.js';
import { buildEndLine, cacheSummaryLine, lastOverwrite, logPrefix } from './lines.js';
import { makeDirs } from '../core/make-dirs.js';
import { writeError } from '../util/atomic-write.js';

const FLUSH_MS = 100;
const FLUSH_BYTES = 256 * 1024;

export function logFileName(build: string): string {
  return `${build.replace(/[^\w.-]+/g, '_')}.log`;
}

export interface LogFiles {
  subscriber: Subscriber;
  /**
   * Writes what is pending and closes every file (after run-end). Never throws: a failing last
   * write goes to onError like any other; later events are dropped. Safe to call twice.
   */
  close(): void;
}

/**
 * Opens DIR/<build>.log for each build as it starts. An existing log is appended to, never
 * truncated. A write that fails (a full disk) stops that file and calls onError once with a
 * message naming it, so the run can stop and clean up instead of crashing.
 */
export function logFiles(dir: string, onError: (err: Error) => void = () => {}): LogFiles {
  makeDirs(dir);
  const fds = new Map<string, number>();
  const failed = new Set<string>();
  // Lines are gathered per build and written at most every FLUSH_MS (or past FLUSH_BYTES): a
  // flood of output costs a few writes a second, not one system call a line. The pieces of each
  // line are kept as they are and joined once per write (no string built per line).
  const pending = new Map<string, string[]>();
  let pendingBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const writeOut = (build: string, text: string) => {
    if (failed.has(build)) return;
    const path = join(dir, logFileName(build));
    try {
      let f = fds.get(build);
      if (f === undefined) {
        f = openSync(path, 'a', 0o600);
        fds.set(build, f);
      }
      writeSync(f, text);
    } catch (err) {
      failed.add(build);
      onError(writeError(path, err));
    }
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // Taken out first: a failing write reports through the bus, whose events may add lines.
    const batch = [...pending];
    pending.clear();
    lastBuild = undefined;
    pendingBytes = 0;
    for (const [build, parts] of batch) writeOut(build, parts.join(''));
  };
  let lastMs = -1;
  let stamp = '';
  let lastBuild: string | undefined;
  let lastParts: string[] = [];
  /** Adds "<time> <prefix><line>" for each line of text. */
  const write = (build: string, text: string, prefix = '') => {
    if (closed || failed.has(build)) return;
    const now = Date.now();
    // One timestamp string per millisecond at most (a flood shares them).
    if (now !== lastMs) {
      lastMs = now;
      stamp = `${new Date(now).toISOString()} `;
    }
    let parts = lastParts;
    if (build !== lastBuild) {
      let list = pending.get(build);
      if (!list) pending.set(build, (list = []));
      lastBuild = build;
      lastParts = parts = list;
    }
    if (!text.includes('\n')) {
      parts.push(stamp, prefix, text, '\n');
      pendingBytes += stamp.length + prefix.length + text.length + 1;
    } else {
      for (const line of text.split('\n')) {
        parts.push(stamp, prefix, line, '\n');
        pendingBytes += stamp.length + prefix.length + line.length + 1;
      }
    }
    if (pendingBytes > FLUSH_BYTES) flush();
    else if (!timer) {
      timer = setTimeout(flush, FLUSH_MS);
      timer.unref();
    }
  };
  // A flood's lines share their prefix: made again only when the build, level or origin changes.
  let prefixOf: { build: string; level: string; origin: string | undefined; prefix: string } | undefined;
  const subscriber: Subscriber = (e: PackEvent) => {
    switch (e.type) {
      case 'build-start':
        write(e.build, `build ${e.build} (${e.builderType}): ${e.steps.map((s) => s.title).join(' -> ')}`);
        return;
      case 'step-start':
        write(e.build, `step ${e.step} started: ${e.title}`);
        return;
      case 'step-end':
        write(e.build, `step ${e.step} ${e.status} after ${formatDuration(e.durationMs)}${e.savedMs ? ` (saved ${formatDuration(e.savedMs)})` : ''}${e.error ? `: ${e.error}` : ''}`);
        return;
      case 'log':
        // A line redrawn with \r (a progress counter) is kept as its last state, as Packer does.
        if (e.build) {
          if (!prefixOf || prefixOf.build !== e.build || prefixOf.level !== e.level || prefixOf.origin !== e.origin) {
            prefixOf = { build: e.build, level: e.level, origin: e.origin, prefix: logPrefix(e) };
          }
          // As the terminal (Packer's targeted UI): the end of what is printed is trimmed, "    x:" for an empty line.
          const text = (e.text.includes('\r') ? lastOverwrite(e.text) : e.text).trimEnd();
          write(e.build, text, text === '' ? prefixOf.prefix.trimEnd() : prefixOf.prefix);
        }
        return;
      case 'question':
        if (e.build) write(e.build, `question: ${e.prompt}`);
        return;
      case 'artifact':
        write(e.build, `artifact: ${e.artifact.description}`);
        return;
      case 'build-end': {
        const cache = cacheSummaryLine(e);
        if (cache) write(e.build, cache.text);
        write(e.build, buildEndLine(e).text);
        flush();
        return;
      }
      case 'run-end':
        flush();
        return;
      default:
        return;
    }
  };
  return {
    subscriber,
    close() {
      if (closed) return;
      // Again while reporting a failed write added lines (each build fails once: this ends).
      do flush();
      while (pending.size > 0);
      closed = true;
      for (const f of fds.values()) {
        try {
          closeSync(f);
        } catch {
          // The data was written (or reported) already; a failing close has nothing left to lose.
        }
      }
      fds.clear();
    },
  };
}
