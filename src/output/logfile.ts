// -log-dir: each build's full log, plain text and redacted (the bus redacts before any
// subscriber sees an event), in DIR/<build>.log.
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { PackEvent } from '../core/events.js';
import type { Subscriber } from '../core/bus.js';
import { formatDuration } from '../core/duration.js';
import { buildEndLine, lastOverwrite, logLine } from './lines.js';

export function logFileName(build: string): string {
  return `${build.replace(/[^\w.-]+/g, '_')}.log`;
}

export interface LogFiles {
  subscriber: Subscriber;
  /** Closes every file (after run-end). */
  close(): void;
}

export function logFiles(dir: string): LogFiles {
  mkdirSync(dir, { recursive: true });
  const fds = new Map<string, number>();
  const fd = (build: string) => {
    let f = fds.get(build);
    if (f === undefined) {
      f = openSync(join(dir, logFileName(build)), 'w', 0o600);
      fds.set(build, f);
    }
    return f;
  };
  const write = (build: string, text: string) => {
    const ts = new Date(Date.now()).toISOString();
    writeSync(fd(build), text.split('\n').map((l) => `${ts} ${l}`).join('\n') + '\n');
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
        write(e.build, `step ${e.step} ${e.status} after ${formatDuration(e.durationMs)}${e.error ? `: ${e.error}` : ''}`);
        return;
      case 'log':
        // A line redrawn with \r (a progress counter) is kept as its last state, as Packer does.
        if (e.build) write(e.build, logLine({ ...e, text: lastOverwrite(e.text) }).text);
        return;
      case 'question':
        if (e.build) write(e.build, `question: ${e.prompt}`);
        return;
      case 'artifact':
        write(e.build, `artifact: ${e.artifact.description}`);
        return;
      case 'build-end':
        write(e.build, buildEndLine(e).text);
        return;
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
