// Date and time functions: formatdate, timeadd, timestamp (go-cty and Packer's), the legacy_*
// layouts, and the parse functions that give a timestamp's parts.
import { def, p, FunctionError, type HclFunc } from './args.js';
import { formatGoTime, RFC3339 } from '../../gotemplate/golayout.js';
import { strftime } from '../../gotemplate/strftime.js';

const RUN_START = new Date();
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A parsed RFC 3339 timestamp: the instant, and the wall clock in its own offset (minutes east of UTC). */
interface Stamp {
  ms: number;
  offset: number;
  wall: Date;
}

function parseRfc3339(ts: string): Stamp | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/.exec(ts);
  if (!m) return undefined;
  const offset = m[8].toUpperCase() === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const wallMs = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? Math.floor(Number(m[7]) * 1000) : 0);
  const wall = new Date(wallMs);
  if (wall.getUTCDate() !== +m[3] || +m[4] > 23 || +m[5] > 59 || +m[6] > 59) return undefined;
  return { ms: wallMs - offset * 60000, offset, wall };
}

function offsetText(min: number, colon: boolean): string {
  if (min === 0 && colon) return 'Z';
  const a = Math.abs(min);
  return (min < 0 ? '-' : '+') + pad(Math.floor(a / 60)) + (colon ? ':' : '') + pad(a % 60);
}

function rfc3339(ms: number, offset: number): string {
  const w = new Date(ms + offset * 60000);
  return `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${offsetText(offset, true)}`;
}

/** go-cty's formatdate spec (YYYY-MM-DD'T'hh:mm:ssZ) on an RFC 3339 timestamp, in the timestamp's own offset. */
export function formatDate(spec: string, ts: string): string {
  const st = parseRfc3339(ts);
  if (!st) throw new FunctionError(`formatdate(): not a valid RFC3339 timestamp: ${JSON.stringify(ts)}`);
  const d = st.wall;
  const h = d.getUTCHours();
  const tokens: [string, () => string][] = [
    ['YYYY', () => pad(d.getUTCFullYear(), 4)],
    ['YY', () => pad(d.getUTCFullYear() % 100)],
    ['MMMM', () => MONTHS[d.getUTCMonth()]],
    ['MMM', () => MONTHS[d.getUTCMonth()].slice(0, 3)],
    ['MM', () => pad(d.getUTCMonth() + 1)],
    ['M', () => String(d.getUTCMonth() + 1)],
    ['DD', () => pad(d.getUTCDate())],
    ['D', () => String(d.getUTCDate())],
    ['EEEE', () => DAYS[d.getUTCDay()]],
    ['EEE', () => DAYS[d.getUTCDay()].slice(0, 3)],
    ['hh', () => pad(h)],
    ['h', () => String(h)],
    ['HH', () => pad(h % 12 || 12)],
    ['H', () => String(h % 12 || 12)],
    ['AA', () => (h < 12 ? 'AM' : 'PM')],
    ['aa', () => (h < 12 ? 'am' : 'pm')],
    ['mm', () => pad(d.getUTCMinutes())],
    ['m', () => String(d.getUTCMinutes())],
    ['ss', () => pad(d.getUTCSeconds())],
    ['s', () => String(d.getUTCSeconds())],
    ['ZZZZZ', () => offsetText(st.offset, true).replace(/^Z$/, '+00:00')],
    ['ZZZZ', () => offsetText(st.offset, false)],
    ['ZZZ', () => (st.offset === 0 ? 'UTC' : offsetText(st.offset, false))],
    ['Z', () => offsetText(st.offset, true)],
  ];
  let out = '';
  let i = 0;
  outer: while (i < spec.length) {
    if (spec[i] === "'") {
      if (spec[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = spec.indexOf("'", i + 1);
      if (end < 0) throw new FunctionError('formatdate(): unterminated literal \'');
      out += spec.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    for (const [tok, fn] of tokens) {
      if (spec.startsWith(tok, i)) {
        out += fn();
        i += tok.length;
        continue outer;
      }
    }
    if (/[A-Za-z]/.test(spec[i])) throw new FunctionError(`formatdate(): invalid date format verb "${spec[i]}": quote literal text with '...'`);
    out += spec[i++];
  }
  return out;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** Go's time.ParseDuration, in milliseconds. */
export function goDuration(text: string): number {
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (text === '0') return 0;
  if (!m) throw new FunctionError(`time: invalid duration ${JSON.stringify(text)}`);
  let total = 0;
  for (const part of text.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * UNIT_MS[part[2]];
  return m[1] === '-' ? -total : total;
}

/** The parts of an instant as rfc3339_parse and unix_timestamp_parse give them. */
function parts(wall: Date, unix: number): Record<string, unknown> {
  const y = wall.getUTCFullYear();
  const yearDay = Math.floor((Date.UTC(y, wall.getUTCMonth(), wall.getUTCDate()) - Date.UTC(y, 0, 1)) / 86400000) + 1;
  // ISO week: the week with the year's first Thursday is week 1.
  const thursday = new Date(Date.UTC(y, wall.getUTCMonth(), wall.getUTCDate() + 3 - ((wall.getUTCDay() + 6) % 7)));
  const isoYear = thursday.getUTCFullYear();
  const isoWeek = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / 86400000 / 7) + 1;
  return {
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    iso_week: isoWeek,
    iso_year: isoYear,
    minute: wall.getUTCMinutes(),
    month: wall.getUTCMonth() + 1,
    month_name: MONTHS[wall.getUTCMonth()],
    second: wall.getUTCSeconds(),
    unix,
    weekday: wall.getUTCDay(),
    weekday_name: DAYS[wall.getUTCDay()],
    year: y,
    year_day: yearDay,
  };
}

export const datetimeFunctions: Record<string, HclFunc> = {
  formatdate: def('formatdate', [p('format', 'string'), p('time', 'string')], undefined, formatDate),
  timeadd: def('timeadd', [p('timestamp', 'string'), p('duration', 'string')], undefined, (ts: string, dur: string) => {
    const st = parseRfc3339(ts);
    if (!st) throw new FunctionError(`not a valid RFC3339 timestamp: ${JSON.stringify(ts)}`);
    return rfc3339(st.ms + goDuration(dur), st.offset);
  }),
  timestamp: def('timestamp', [], undefined, () => rfc3339(Date.now(), 0)),
  legacy_isotime: def('legacy_isotime', [], p('format', 'string'), (...f: string[]) => {
    if (f.length > 1) throw new FunctionError('too many values, 1 needed');
    return formatGoTime(RUN_START, f[0] ?? RFC3339);
  }),
  legacy_strftime: def('legacy_strftime', [], p('format', 'string'), (...f: string[]) => {
    if (f.length > 1) throw new FunctionError('too many values, 1 needed');
    return f.length ? strftime(f[0], RUN_START) : formatGoTime(RUN_START, RFC3339);
  }),
  rfc3339_parse: def('rfc3339_parse', [p('timestamp', 'string')], undefined, (ts: string) => {
    const st = parseRfc3339(ts);
    if (!st) throw new FunctionError(`${JSON.stringify(ts)} is not a valid RFC3339 timestamp`);
    return parts(st.wall, Math.floor(st.ms / 1000));
  }),
  unix_timestamp_parse: def('unix_timestamp_parse', [p('unix_timestamp', 'number')], undefined, (n: number) => {
    if (!Number.isInteger(n)) throw new FunctionError('unix_timestamp must be a whole number of seconds');
    const { unix: _unix, ...rest } = parts(new Date(n * 1000), n);
    void _unix;
    return { ...rest, rfc3339: rfc3339(n * 1000, 0) };
  }),
};
