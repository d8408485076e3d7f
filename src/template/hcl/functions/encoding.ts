// Encoding functions: base64, gzip, CSV, JSON, YAML, URL and text encodings.
import { lazy } from '../../../util/lazy-require.js';
import { def, p, FunctionError, type HclFunc } from './args.js';
import { ctyJson } from './json.js';
import { yamlEncode } from './yaml.js';

const iconvLib = lazy<typeof import('iconv-lite')>('iconv-lite');
const yamlLib = lazy<typeof import('yaml')>('yaml');
const zlib = lazy<typeof import('node:zlib')>('node:zlib');

function base64Decode(s: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new FunctionError(`failed to decode base64 data ${JSON.stringify(s)}`);
  const buf = Buffer.from(s, 'base64');
  const text = buf.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(buf)) throw new FunctionError('the result of decoding the provided string is not valid UTF-8');
  return text;
}

/** RFC 4180 CSV: the first row names the columns; every row must have as many fields. */
function csvDecode(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => (row.push(field), (field = ''));
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (quoted) throw new FunctionError('extraneous or missing " in quoted-field');
  if (field !== '' || row.length) (endField(), rows.push(row));
  if (rows.length === 0) throw new FunctionError('missing header line');
  const [head, ...body] = rows;
  return body.map((r, n) => {
    if (r.length !== head.length) throw new FunctionError(`record on line ${n + 2}: wrong number of fields`);
    return Object.fromEntries(head.map((h, k) => [h, r[k]]));
  });
}

function encodingOf(name: string, arg: number): string {
  const n = name.toLowerCase();
  if (!iconvLib().encodingExists(n)) throw new FunctionError(`argument ${arg + 1}: ${JSON.stringify(name)} is not a supported IANA encoding name or alias`);
  return n;
}

export const encodingFunctions: Record<string, HclFunc> = {
  base64decode: def('base64decode', [p('str', 'string')], undefined, base64Decode),
  base64encode: def('base64encode', [p('str', 'string')], undefined, (s: string) => Buffer.from(s, 'utf8').toString('base64')),
  base64gzip: def('base64gzip', [p('str', 'string')], undefined, (s: string) => zlib().gzipSync(Buffer.from(s, 'utf8')).toString('base64')),
  csvdecode: def('csvdecode', [p('str', 'string')], undefined, csvDecode),
  jsondecode: def('jsondecode', [p('str', 'string')], undefined, (s: string) => {
    try {
      return JSON.parse(s) as unknown;
    } catch (e) {
      throw new FunctionError(`invalid JSON: ${(e as Error).message}`);
    }
  }),
  jsonencode: def('jsonencode', [p('val', 'any', true)], undefined, ctyJson),
  urlencode: def('urlencode', [p('str', 'string')], undefined, (s: string) =>
    encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()),
  ),
  yamldecode: def('yamldecode', [p('src', 'string')], undefined, (s: string) => {
    try {
      return yamlLib().parse(s) as unknown;
    } catch (e) {
      throw new FunctionError(`invalid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }),
  yamlencode: def('yamlencode', [p('value', 'any', true)], undefined, yamlEncode),
  textencodebase64: def('textencodebase64', [p('string', 'string'), p('encoding', 'string')], undefined, (s: string, enc: string) => iconvLib().encode(s, encodingOf(enc, 1)).toString('base64')),
  textdecodebase64: def('textdecodebase64', [p('source', 'string'), p('encoding', 'string')], undefined, (s: string, enc: string) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new FunctionError('the given value is has an invalid base64 symbol');
    return iconvLib().decode(Buffer.from(s, 'base64'), encodingOf(enc, 1));
  }),
};
