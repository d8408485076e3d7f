// Packer's -machine-readable format: "timestamp,target,type,data..." per line, commas in data
// as %!(PACKER_COMMA) and newlines as a literal \n.
import type { PackEvent } from '../core/events.js';
import type { Subscriber } from '../core/bus.js';
import { formatDuration } from '../util/duration.js';
import { buildEndLine, logLine } from './lines.js';

export function escapeMachine(text: string): string {
  return text.replace(/,/g, '%!(PACKER_COMMA)').replace(/\r?\n/g, '\\n');
}

export function machineReadableOutput(write: (text: string) => void): Subscriber {
  const line = (target: string, type: string, ...data: (string | number)[]) =>
    write(`${Math.floor(Date.now() / 1000)},${target},${type},${data.map((d) => escapeMachine(String(d))).join(',')}\n`);
  return (e: PackEvent) => {
    switch (e.type) {
      case 'log': {
        const l = logLine(e);
        return line('', 'ui', l.kind, l.text);
      }
      case 'question':
        return line('', 'ui', 'ask', e.build ? `==> ${e.build}: ${e.prompt}` : e.prompt);
      case 'build-end': {
        const l = buildEndLine(e);
        return line('', 'ui', l.kind, l.text);
      }
      case 'run-end': {
        line('', 'ui', 'say', `\n==> Wait completed after ${formatDuration(e.durationMs)}`);
        if (e.errors.length > 0) {
          line('', 'error-count', e.errors.length);
          line('', 'ui', 'error', "\n==> Some builds didn't complete successfully and had errors:");
          for (const err of e.errors) {
            line(err.build, 'error', err.message);
            line('', 'ui', 'error', `--> ${err.build}: ${err.message}`);
          }
        }
        if (e.artifacts.length === 0) {
          line('', 'ui', 'say', '\n==> Builds finished but no artifacts were created.');
          return;
        }
        line('', 'ui', 'say', '\n==> Builds finished. The artifacts of successful builds are:');
        const builds = [...new Set(e.artifacts.map((a) => a.build))];
        for (const b of builds) {
          const list = e.artifacts.filter((a) => a.build === b);
          line(b, 'artifact-count', list.length);
          list.forEach(({ artifact: a }, i) => {
            line(b, 'artifact', i, 'builder-id', a.builderId);
            line(b, 'artifact', i, 'id', a.id);
            line(b, 'artifact', i, 'string', a.description);
            line(b, 'artifact', i, 'files-count', a.files.length);
            a.files.forEach((f, j) => line(b, 'artifact', i, 'file', j, f));
            line(b, 'artifact', i, 'end');
            line('', 'ui', 'say', `--> ${b}: ${a.description}`);
          });
        }
        return;
      }
      default:
        return;
    }
  };
}
