// -log-dir: each build's full log, plain text and redacted (the bus redacts before any
// subscriber sees an event), in DIR/<build>.log.
import { openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { PackEvent } from '../core/events.js';
import type { Subscriber } from '../core/bus.js';
import { formatDuration } from '../util/duration.js';
import { buildEndLine, cacheSummaryLine, logLine } from './lines.js';
import { makeDirs } from '../core/make-dirs.js';
import { writeError } from '../util/atomic-write.js';

export function logFileName(build: string): string {
  return `${build.replace(/[^\w.-]+/g, '_')}.log`;
}

export interface LogFiles {
  subscriber: Subscriber;
  /** Closes every file (after run-end). */
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
  const write = (build: string, text: string) => {
    if (failed.has(build)) return;
    const path = join(dir, logFileName(build));
    const ts = new Date(Date.now()).toISOString();
    try {
      let f = fds.get(build);
      if (f === undefined) {
        f = openSync(path, 'a', 0o600);
        fds.set(build, f);
      }
      writeSync(f, text.split('\n').map((l) => `${ts} ${l}`).join('\n') + '\n');
    } catch (err) {
      failed.add(build);
      onError(writeError(path, err));
    }
  };
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
        if (e.build) write(e.build, logLine(e).text);
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
        return;
      }
      default:
        return;
    }
  };
  return {
    subscriber,
    close() {
      for (const f of fds.values()) closeSync(f);
      fds.clear();
    },
  };
}
