// The HCL parse cache: a second parse of the same text is read from $XDG_CACHE_HOME, a damaged
// entry is ignored, and parse errors are not kept.
import { describe, it, expect } from 'vitest';
import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseHclText } from '../../src/template/hcl/parse.js';
import { cachedParse } from '../../src/template/hcl/parse-cache.js';
import { TemplateErrors } from '../../src/errors.js';

const cacheRoot = () => join(process.env.XDG_CACHE_HOME!, 'pack', 'hcl-parse');
const entries = () => (existsSync(cacheRoot()) ? readdirSync(cacheRoot(), { recursive: true }).filter((f) => String(f).endsWith('.json')).map((f) => join(cacheRoot(), String(f))) : []);

describe('HCL parse cache', () => {
  it('keeps what the parser made of a text, by the text', async () => {
    const text = `source "null" "cache-${Date.now()}" {\n  communicator = "none"\n}\n`;
    expect(await cachedParse(text)).toBeUndefined();
    const first = await parseHclText('a.pkr.hcl', text);
    expect(await cachedParse(text)).toEqual(first);
    expect(await parseHclText('b.pkr.hcl', text)).toEqual(first);
  });
  it('ignores a damaged entry', async () => {
    const text = 'variable "damaged" {}\n';
    await parseHclText('a.pkr.hcl', text);
    for (const f of entries()) writeFileSync(f, '{not json');
    expect(await cachedParse(text)).toBeUndefined();
    expect(await parseHclText('a.pkr.hcl', text)).toEqual({ variable: { damaged: [{}] } });
  });
  it('does not keep parse errors', async () => {
    const before = entries().length;
    await expect(parseHclText('bad.pkr.hcl', 'source "x" {\n')).rejects.toBeInstanceOf(TemplateErrors);
    expect(entries().length).toBe(before);
  });
});
