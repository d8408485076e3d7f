import { describe, it, expect } from 'vitest';
import { parseExpression, parseTemplate } from '../../src/template/hcl/expr.js';
import { evaluate } from '../../src/template/hcl/eval.js';
import { formatDate } from '../../src/template/hcl/functions/index.js';
import { scanHcl } from '../../src/template/hcl/scan.js';
import { hclErrorProblems } from '../../src/template/hcl/parse.js';

const scope = { var: { name: 'web', n: 3, list: ['a', 'b'], m: { k: 'v' } }, local: { l: 'x' }, source: { name: 'one', type: 'null' } };
const ev = (s: string) => evaluate(parseExpression(s), scope);
const tmpl = (s: string) => evaluate(parseTemplate(s), scope);

describe('HCL expressions', () => {
  it('evaluates references, operators and conditionals', () => {
    expect(ev('var.n * 2 + 1')).toBe(7);
    expect(ev('var.n > 2 && !false')).toBe(true);
    expect(ev('var.name == "web" ? "yes" : "no"')).toBe('yes');
    expect(ev('var.list[1]')).toBe('b');
    expect(ev('var.m["k"]')).toBe('v');
    expect(ev('-var.n')).toBe(-3);
    expect(ev('(1 + 2) * 3')).toBe(9);
  });
  it('evaluates collections and for expressions', () => {
    expect(ev('[for s in var.list : upper(s)]')).toEqual(['A', 'B']);
    expect(ev('{for s in var.list : s => length(s)}')).toEqual({ a: 1, b: 1 });
    expect(ev('[for s in var.list : s if s != "a"]')).toEqual(['b']);
    expect(ev('{ a = 1, "b" = [2, 3] }')).toEqual({ a: 1, b: [2, 3] });
  });
  it('evaluates the functions Packer templates use', () => {
    expect(ev('join("-", concat(var.list, ["c"]))')).toBe('a-b-c');
    expect(ev('split(",", "a,b")')).toEqual(['a', 'b']);
    expect(ev('lower("AB")')).toBe('ab');
    expect(ev('replace("a.b.c", ".", "-")')).toBe('a-b-c');
    expect(ev('lookup(var.m, "z", "d")')).toBe('d');
    expect(ev('length(var.list)')).toBe(2);
    expect(ev('basename("/x/y.txt")')).toBe('y.txt');
    expect(ev('abspath("/a/../b")')).toBe('/b');
    expect(ev('timestamp()')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(formatDate("YYYY-MM-DD'T'hh:mm:ssZ", '2024-02-03T04:05:06Z')).toBe('2024-02-03T04:05:06Z');
    expect(formatDate('DD MMM YYYY hh:mm ZZZ', '2024-02-03T04:05:06Z')).toBe('03 Feb 2024 04:05 UTC');
  });
  it('evaluates string templates; a lone interpolation keeps its type', () => {
    expect(tmpl('img-${var.name}-${source.name}')).toBe('img-web-one');
    expect(tmpl('${var.n + 1}')).toBe(4);
    expect(tmpl('$${not} %%{this}')).toBe('${not} %{this}');
    expect(tmpl('{{ .Path }} ${local.l}')).toBe('{{ .Path }} x');
  });
  it('names what does not exist', () => {
    expect(() => ev('var.nme')).toThrow(/undeclared variable "var.nme"; did you mean "var.name"/);
    expect(() => ev('uper("a")')).toThrow(/unknown function "uper"; did you mean "upper"/);
    expect(() => ev('foo.bar')).toThrow(/unknown name "foo"/);
    expect(() => ev('1 +')).toThrow();
    expect(() => ev('"a" + 1')).toThrow(/needs numbers/);
  });
});

describe('HCL scan', () => {
  it('finds blocks in order with positions, skipping strings, comments and heredocs', () => {
    const text = `# c\nbuild {\n  provisioner "shell" {\n    inline = ["a } {", <<EOT\n}\nEOT\n    ]\n  }\n  /* provisioner "x" {} */\n  provisioner "file" { source = "a" }\n}\n`;
    const [b] = scanHcl(text);
    expect(b.type).toBe('build');
    expect(b.children.map((c) => [c.type, c.labels[0], c.line])).toEqual([
      ['provisioner', 'shell', 3],
      ['provisioner', 'file', 10],
    ]);
    expect(b.children[0].attrs.get('inline')).toEqual({ line: 4, column: 5 });
  });
  it('reads hcl2json errors into positions', () => {
    const p = hclErrorProblems('a.pkr.hcl', 'parse config: [a.pkr.hcl:2,7-3,1: Invalid expression; Expected the start of an expression.]');
    expect(p).toEqual([{ message: 'HCL syntax error: Invalid expression; Expected the start of an expression.', pos: { file: 'a.pkr.hcl', line: 2, column: 7 } }]);
  });
});

describe('version constraints', async () => {
  const { satisfies } = await import('../../src/template/version-constraint.js');
  it('reads Packer constraints', () => {
    expect(satisfies('1.6.6', '>= 1.5.0, < 2')).toBe(true);
    expect(satisfies('1.6.6', '~> 1.6')).toBe(true);
    expect(satisfies('1.6.6', '~> 1.5.0')).toBe(false);
    expect(satisfies('1.6.6', '> 1.6.6')).toBe(false);
    expect(satisfies('1.6.6', '1.6.6')).toBe(true);
    expect(satisfies('1.6.6', 'soon')).toBeUndefined();
  });
});
