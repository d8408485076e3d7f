// Packer's text for each event, shared by the plain output, -machine-readable and log files.
import type { CacheSummary, PackEvent } from '../core/events.js';
import { formatDuration } from '../util/duration.js';

export type LineKind = 'say' | 'message' | 'error';

export interface Line {
  kind: LineKind;
  text: string;
  /** The build it belongs to (colour, log file); undefined for the run's closing lines. */
  build?: string;
}

/** Prefixes every line of a possibly multi-line text, as Packer's targeted UI does. */
export function prefixLines(text: string, prefix: string): string {
  // Most lines are one line: no split, map and join for them (a flood is mostly such lines).
  if (!text.includes('\n')) return prefix + text;
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

export function logLine(e: Extract<PackEvent, { type: 'log' }>): Line {
  if (!e.build) return { kind: e.level, text: e.text };
  // Packer's targeted UI trims the end of what it prints: an empty output line is "    x:", not "    x: ".
  return { kind: e.level, text: prefixLines(e.text, logPrefix(e)).trimEnd(), build: e.build };
}

/** What Packer puts before each line of a build's log event: "==> build: ", "    build (origin): ". */
export function logPrefix(e: { build?: string; level: LineKind; origin?: string }): string {
  const who = e.origin ? `${e.build} (${e.origin})` : e.build;
  return `${e.level === 'message' ? '    ' : '==> '}${who}: `;
}

export function buildEndLine(e: Extract<PackEvent, { type: 'build-end' }>): Line {
  const took = formatDuration(e.durationMs);
  if (e.status === 'success') return { kind: 'say', text: `Build '${e.build}' finished after ${took}.`, build: e.build };
  return { kind: 'error', text: `Build '${e.build}' errored after ${took}: ${e.error ?? e.status}`, build: e.build };
}

/** "==> b: shell: cached (saved 2 seconds)": a step the build cache covered. */
export function cachedStepLine(build: string, title: string, savedMs: number | undefined): Line {
  const saved = savedMs ? ` (saved ${formatDuration(savedMs)})` : '';
  return { kind: 'say', text: `==> ${build}: ${title}: cached${saved}`, build };
}

/** The build cache's part of a build's summary (pack build -cache). */
export function cacheSummaryLine(e: Extract<PackEvent, { type: 'build-end' }>): Line | undefined {
  if (!e.cache) return undefined;
  return { kind: 'say', text: `==> ${e.build}: Build cache: ${cacheSummaryText(e.cache, formatDuration)}`, build: e.build };
}

/** "reused 2 of 4 provisioner steps and the machine, saving 3s; 1 new point saved": plain output and dashboard. */
export function cacheSummaryText(c: CacheSummary, duration: (ms: number) => string): string {
  const reused = c.reusedSteps > 0 || c.savedMs > 0
    ? `reused ${c.reusedSteps} of ${c.cacheableSteps} provisioner steps and the machine, saving ${duration(c.savedMs)}`
    : 'nothing reused';
  return `${reused}; ${c.savedPoints} new point${c.savedPoints === 1 ? '' : 's'} saved`;
}

/**
 * What a terminal would show for a line that redraws itself with carriage returns
 * ("fetch 10%\rfetch 50%\r"): the last text written, as Packer keeps it.
 */
export function lastOverwrite(text: string): string {
  if (!text.includes('\r')) return text;
  return text
    .split('\n')
    .map((line) => {
      const parts = line.split('\r').filter((p) => p !== '');
      return parts.length > 0 ? parts[parts.length - 1]! : '';
    })
    .join('\n');
}
