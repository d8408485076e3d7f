// Durations, one grammar: Go's time.ParseDuration, as Packer 1.6.6 decodes every duration field
// (test/fixtures/durations/packer-1.6.6.json records its verdicts). Also Packer's two ways of
// printing them.

const NS_PER_UNIT: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NS = (1n << 63n) - 1n;
const COMPONENT = /^(\d*)(?:\.(\d*))?([^\d.]+)/u;

/** Go's time.ParseDuration, in nanoseconds; undefined where Go returns an error. */
export function parseGoDurationNs(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    const m = COMPONENT.exec(s);
    if (!m) return undefined;
    const [whole, int, frac = '', unitText] = m;
    if (int === '' && frac === '') return undefined; // "." or ".s"
    // A unit ends at the next digit or dot ("1h2m": "h"); Go knows only these.
    const unit = NS_PER_UNIT[unitText];
    if (unit === undefined) return undefined;
    let ns = BigInt(int || '0') * unit;
    if (frac !== '') {
      // Go keeps the fraction's value to nanoseconds, truncating the rest.
      const scale = 10n ** BigInt(frac.length);
      ns += (BigInt(frac) * unit) / scale;
    }
    total += ns;
    if (total > MAX_NS + (negative ? 1n : 0n)) return undefined;
    s = s.slice(whole.length);
  }
  return negative ? -total : total;
}

/** Go's time.ParseDuration in milliseconds (fractions of a millisecond kept). */
export function parseGoDuration(text: string): number | undefined {
  const ns = parseGoDurationNs(text);
  return ns === undefined ? undefined : Number(ns) / 1e6;
}

const MIN_NS = -(1n << 63n);

/**
 * A duration field's value as Packer's weak decoding reads it into a time.Duration, in
 * nanoseconds: a string is parsed by Go's grammar ("10" has no unit: an error); a number is
 * nanoseconds, its fraction dropped (JSON 2000000000 is 2s, 10 is 10ns; past int64 Go's
 * conversion gives the smallest int64); true is 1ns, false 0.
 */
export function decodeDurationNs(value: unknown): bigint | undefined {
  if (typeof value === 'string') return parseGoDurationNs(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    const n = BigInt(Math.trunc(value));
    return n > MAX_NS || n < MIN_NS ? MIN_NS : n;
  }
  if (typeof value === 'boolean') return value ? 1n : 0n;
  return undefined;
}

/** decodeDurationNs in milliseconds: what components receive. */
export function decodeDuration(value: unknown): number | undefined {
  const ns = decodeDurationNs(value);
  return ns === undefined ? undefined : Number(ns) / 1e6;
}

const PRINT_UNITS: [string, number][] = [
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
  ['millisecond', 1],
  ['microsecond', 0.001],
];

/** "2 seconds 415 milliseconds", as Packer prints build durations. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms * 1000)) / 1000;
  const parts: string[] = [];
  for (const [name, size] of PRINT_UNITS) {
    const n = Math.floor(rest / size + 1e-9);
    if (n > 0) {
      parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
  }
  return parts.length === 0 ? '0 microseconds' : parts.slice(0, 2).join(' ');
}

/** Digits of a fraction of `scale`, trailing zeros dropped: (500, 1000) -> ".5". */
function fraction(rest: bigint, scale: bigint, width: number): string {
  if (rest === 0n) return '';
  return `.${rest.toString().padStart(width, '0').replace(/0+$/, '')}`;
}

/** Go's time.Duration String() of nanoseconds: "1h2m3.5s", "500ms", "1.5µs", "-2s", "2m0s". */
export function goDurationNs(ns: bigint): string {
  if (ns === 0n) return '0s';
  if (ns < 0n) return `-${goDurationNs(-ns)}`;
  if (ns < 1_000n) return `${ns}ns`;
  if (ns < 1_000_000n) return `${ns / 1_000n}${fraction(ns % 1_000n, 1_000n, 3)}µs`;
  if (ns < 1_000_000_000n) return `${ns / 1_000_000n}${fraction(ns % 1_000_000n, 1_000_000n, 6)}ms`;
  const h = ns / 3_600_000_000_000n;
  const m = (ns / 60_000_000_000n) % 60n;
  const s = `${(ns / 1_000_000_000n) % 60n}${fraction(ns % 1_000_000_000n, 1_000_000_000n, 9)}s`;
  if (h > 0n) return `${h}h${m}m${s}`;
  return m > 0n ? `${m}m${s}` : s;
}

/** Go's time.Duration String() of milliseconds: "1m30s", "500ms". */
export function goDuration(ms: number): string {
  return goDurationNs(BigInt(Math.round(ms * 1e6)));
}
