// Legacy JSON: syntax errors placed by jsonc-parser's offsets, duplicate keys, Go's depth limit, and
// the Go-template functions of Packer 1.6.6 that need a build (build, strftime).
import { describe, it, expect } from 'vitest';
import { parseDataText } from '../../src/template/load-data.js';
import { TemplateErrors } from '../../src/errors.js';
import { renderGoTemplate } from '../../src/template/gotemplate/render.js';
import { packerFuncs } from '../../src/template/gotemplate/funcs.js';
import { formatProblem } from '../../src/errors.js';

async function problems(text: string): Promise<string[]> {
  try {
    await parseDataText(text, 't.json', 'json');
  } catch (e) {
    if (e instanceof TemplateErrors) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

describe('JSON syntax', () => {
  it('places a trailing comma where it is', async () => {
    expect(await problems('{\n  "builders": [{"type": "null",\n  "communicator": "none",}]\n}\n')).toEqual([
      't.json:3:26: JSON syntax error: expected a double-quoted property name (is there a trailing comma?)',
    ]);
    expect(await problems('{\n  "a": [1, 2,]\n}')).toEqual(['t.json:2:14: JSON syntax error: expected a value (is there a trailing comma?)']);
  });
  it('reports duplicate keys with line and column, as Packer refuses them', async () => {
    expect(await problems('{\n  "a": 1,\n  "b": {"x": 1, "x": 2},\n  "a": 3\n}')).toEqual([
      't.json:3:17: x: duplicate key "x": a JSON object may give each key once',
      't.json:4:3: a: duplicate key "a": a JSON object may give each key once',
    ]);
  });
  it('stops at Go\'s depth limit instead of overflowing the stack', async () => {
    expect(await problems('['.repeat(100_000))).toEqual(['t.json:1:10001: JSON syntax error: exceeded max depth (10000 nested lists or objects)']);
    expect(await parseDataText('['.repeat(9000) + ']'.repeat(9000), 't.json', 'json')).toBeInstanceOf(Array);
  });
});

describe('Go-template functions', () => {
  const render = (t: string, buildData?: Record<string, unknown>) => renderGoTemplate(t, { funcs: packerFuncs({ templateDir: '/t', buildData }) });
  it('build keeps its value for run time, then gives it', () => {
    expect(render('id={{ build `ID` }}')).toBe('id={{ .ID }}');
    expect(render('id={{ build `ID` }}', { ID: 'abc' })).toBe('id=abc');
    expect(() => render('{{ build `Nope` }}')).toThrow(/couldn't find Nope/);
  });
  it('strftime, clean_resource_name, packer_version', () => {
    expect(render('{{ strftime "%Y" }}')).toMatch(/^\d{4}$/);
    expect(render('{{ clean_resource_name "a B.c" }}')).toBe('a-b-c');
    expect(render('{{ packer_version }}')).toBe('1.6.6');
  });
});
