// Formats a date with a Go reference-time layout ("2006-01-02T15:04:05Z07:00"), in UTC.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, w: number, c = '0') => String(n).padStart(w, c);

// Longest tokens first: the order matters where one token is a prefix of another.
const TOKENS: [string, (d: Date) => string][] = [
  ['January', (d) => MONTHS[d.getUTCMonth()]],
  ['Monday', (d) => DAYS[d.getUTCDay()]],
  ['Z07:00', () => 'Z'],
  ['-07:00', () => '+00:00'],
  ['-0700', () => '+0000'],
  ['Z0700', () => 'Z'],
  ['2006', (d) => pad(d.getUTCFullYear(), 4)],
  ['.000000000', (d) => '.' + pad(d.getUTCMilliseconds(), 3) + '000000'],
  ['.000000', (d) => '.' + pad(d.getUTCMilliseconds(), 3) + '000'],
  ['.000', (d) => '.' + pad(d.getUTCMilliseconds(), 3)],
  ['Jan', (d) => MONTHS[d.getUTCMonth()].slice(0, 3)],
  ['Mon', (d) => DAYS[d.getUTCDay()].slice(0, 3)],
  ['MST', () => 'UTC'],
  ['-07', () => '+00'],
  ['002', (d) => pad(dayOfYear(d), 3)],
  ['_2', (d) => pad(d.getUTCDate(), 2, ' ')],
  ['01', (d) => pad(d.getUTCMonth() + 1, 2)],
  ['02', (d) => pad(d.getUTCDate(), 2)],
  ['03', (d) => pad(h12(d), 2)],
  ['04', (d) => pad(d.getUTCMinutes(), 2)],
  ['05', (d) => pad(d.getUTCSeconds(), 2)],
  ['06', (d) => pad(d.getUTCFullYear() % 100, 2)],
  ['15', (d) => pad(d.getUTCHours(), 2)],
  ['PM', (d) => (d.getUTCHours() >= 12 ? 'PM' : 'AM')],
  ['pm', (d) => (d.getUTCHours() >= 12 ? 'pm' : 'am')],
  ['1', (d) => String(d.getUTCMonth() + 1)],
  ['2', (d) => String(d.getUTCDate())],
  ['3', (d) => String(h12(d))],
  ['4', (d) => String(d.getUTCMinutes())],
  ['5', (d) => String(d.getUTCSeconds())],
];

function h12(d: Date): number {
  const h = d.getUTCHours() % 12;
  return h === 0 ? 12 : h;
}

function dayOfYear(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1;
}

export function formatGoTime(date: Date, layout: string): string {
  let out = '';
  let i = 0;
  outer: while (i < layout.length) {
    for (const [tok, fn] of TOKENS) {
      if (layout.startsWith(tok, i)) {
        out += fn(date);
        i += tok.length;
        continue outer;
      }
    }
    out += layout[i++];
  }
  return out;
}

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
