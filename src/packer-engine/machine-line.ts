// One line of `packer -machine-readable`: "timestamp,target,type,data...". Commas inside data are
// written %!(PACKER_COMMA), newlines and carriage returns as a literal \n and \r.

export interface MachineRecord {
  /** Unix seconds, as Packer printed it. */
  timestamp: number;
  /** The build the record is about; empty on Packer 1.6's ui lines. */
  target: string;
  type: string;
  data: string[];
}

export function unescapeMachine(field: string): string {
  return field.replace(/%!\(PACKER_COMMA\)|\\n|\\r/g, (m) => (m === '\\n' ? '\n' : m === '\\r' ? '\r' : ','));
}

/** undefined for a line that is not a machine-readable record (Packer's panics, plugin noise). */
export function parseMachineLine(line: string): MachineRecord | undefined {
  const m = /^(\d+),([^,]*),([^,]+)(?:,(.*))?$/s.exec(line.replace(/\r?\n$/, ''));
  if (!m) return undefined;
  return {
    timestamp: Number(m[1]),
    target: m[2],
    type: m[3],
    data: m[4] === undefined ? [] : m[4].split(',').map(unescapeMachine),
  };
}

export type UiLevel = 'say' | 'message' | 'error';

/** A `ui` record read against the build it belongs to. */
export interface UiLine {
  level: UiLevel;
  text: string;
  /** The build's own prefix was there ("==> NAME: " or "    NAME: "). */
  prefixed: boolean;
  /** "==>" (say, error) rather than the indent of a message. */
  arrow: boolean;
  /** The component in brackets after the name: "==> x (shell-local): ...". */
  origin?: string;
}

const LEVELS = new Set<UiLevel>(['say', 'message', 'error']);

/**
 * Strips the build's prefix from each line of a ui message. Packer 1.6 leaves the target empty and
 * prefixes every line with the build's name; later versions fill the target (and may or may not
 * prefix): both read the same here.
 */
export function readUiLine(record: MachineRecord, build: string): UiLine | undefined {
  if (record.type !== 'ui') return undefined;
  const level = record.data[0] as UiLevel;
  if (!LEVELS.has(level)) return undefined;
  const raw = record.data.slice(1).join(',');
  const name = record.target || build;
  const prefix = new RegExp(`^(==>|   ) ${escapeRegExp(name)}(?: \\(([^)]*)\\))?: ?`);
  const lines = raw.split('\n');
  const first = prefix.exec(lines[0]);
  // Later versions name the build in the target field: a line without the prefix is still the build's.
  if (!first) return record.target ? { level, text: raw, prefixed: true, arrow: level !== 'message' } : { level, text: raw, prefixed: false, arrow: raw.startsWith('==>') };
  const text = lines.map((l) => l.replace(prefix, '')).join('\n');
  return { level, text, prefixed: true, arrow: first[1] === '==>', ...(first[2] ? { origin: first[2] } : {}) };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
