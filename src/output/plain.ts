// Packer 1.6.6's plain output: "==> build: ..." lines in a colour per build, errors in red,
// a duration per build and the closing list of artifacts.
import type { PackEvent } from '../core/events.js';
import type { Subscriber } from '../core/bus.js';
import { formatDuration } from '../util/duration.js';
import { buildEndLine, cacheSummaryLine, cachedStepLine, logLine, prefixLines, type Line } from './lines.js';

const BUILD_COLORS = [32, 36, 35, 33, 34];

export interface PlainOptions {
  write(text: string): void;
  color: boolean;
  timestamp: boolean;
  /** The run's builds in template order, for their colours. */
  buildNames: string[];
}

export function plainOutput(opts: PlainOptions): Subscriber {
  const colorOf = new Map(opts.buildNames.map((b, i) => [b, BUILD_COLORS[i % BUILD_COLORS.length]]));
  const stamp = (text: string) => (opts.timestamp ? prefixLines(text, `${rfc3339(new Date())}: `) : text);
  const paint = (line: Line): string => {
    const text = stamp(line.text);
    if (!opts.color || !line.build) return text;
    if (line.kind === 'error') return `\x1b[1;31m${text}\x1b[0m`;
    const c = colorOf.get(line.build) ?? 32;
    return line.kind === 'say' ? `\x1b[1;${c}m${text}\x1b[0m` : `\x1b[0;${c}m${text}\x1b[0m`;
  };
  // A flood of lines would be a write (a system call) each: lines gathered while one piece of
  // output is handled go out in one write, right after it (a microtask), and before anything
  // else is printed: every other event writes what is pending at once (a question's prompt
  // follows its line).
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    opts.write(text);
  };
  const out = (line: Line) => {
    pending += paint(line) + '\n';
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(flush);
    }
  };

  const titles = new Map<string, string>();
  return (e: PackEvent) => {
    handle(e);
    if (e.type !== 'log') flush();
  };

  function handle(e: PackEvent): void {
    switch (e.type) {
      case 'step-start':
        titles.set(`${e.build}\0${e.step}`, e.title);
        return;
      case 'step-end':
        if (e.status === 'cached') out(cachedStepLine(e.build, titles.get(`${e.build}\0${e.step}`) ?? e.step, e.savedMs));
        return;
      case 'run-start':
        flush();
        if (opts.color && e.builds.length > 0) {
          for (const b of e.builds) {
            opts.write(`\x1b[1;${colorOf.get(b) ?? 32}m${b}: output will be in this color.\x1b[0m\n`);
          }
          opts.write('\n');
        }
        return;
      case 'log':
        return out(logLine(e));
      case 'question':
        return out({ kind: 'say', text: e.build ? prefixLines(e.prompt, `==> ${e.build}: `) : e.prompt, build: e.build });
      case 'build-end': {
        const cache = cacheSummaryLine(e);
        if (cache) out(cache);
        return out(buildEndLine(e));
      }
      case 'run-end':
        flush();
        opts.write(closingText(e));
        return;
      default:
        return;
    }
  }
}

/** The lines after every build ended. */
export function closingText(e: Extract<PackEvent, { type: 'run-end' }>): string {
  let text = `\n==> Wait completed after ${formatDuration(e.durationMs)}\n`;
  if (e.cancelled) text += '\nCleanly cancelled builds after being interrupted.\n';
  if (e.errors.length > 0) {
    text += "\n==> Some builds didn't complete successfully and had errors:\n";
    for (const err of e.errors) text += `--> ${err.build}: ${err.message}\n`;
  }
  if (e.artifacts.length > 0) {
    text += '\n==> Builds finished. The artifacts of successful builds are:\n';
    for (const a of e.artifacts) text += `--> ${a.build}: ${a.artifact.description}\n`;
  } else {
    text += '\n==> Builds finished but no artifacts were created.\n';
  }
  return text;
}

/** Go's time.RFC3339 in local time, as Packer's -timestamp-ui prints it: "2006-01-02T15:04:05Z07:00". */
export function rfc3339(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`;
}
