// HCL2 functions Packer added after 1.6.6 (expected values from current Packer's documentation),
// template directives, and the errors every function gives (naming the call).
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { parseExpression } from '../../src/template/hcl/expr.js';
import { evaluate, functionsFor } from '../../src/template/hcl/eval.js';
import { defaultFunctions } from '../../src/template/hcl/functions/index.js';
import { REPO_ROOT } from '../helpers/pack.js';

const dir = join(REPO_ROOT, 'test/fixtures/templates/hcl-functions');
const fns = functionsFor(dir);
const ev = (s: string) => evaluate(parseExpression(s), { var: { n: 2 } }, fns);

describe('HCL2 functions added since Packer 1.6.6', () => {
  it.each([
    ['strcontains("hello world", "wor")', true],
    ['startswith("hello", "he")', true],
    ['endswith("hello", "lo")', true],
    ['sum([1, 2, 3.5])', 6.5],
    ['alltrue([true, "true"])', true],
    ['anytrue([false])', false],
    ['alltrue([])', true],
    ['index(["a", "b", "c"], "b")', 1],
    ['regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
    ['regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")', ['2019', '02', '01']],
    ['regex("^(?:(?P<scheme>[^:/?#]+):)?", "https://x")', { scheme: 'https' }],
    ['regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh']],
    ['textencodebase64("Hello World", "UTF-16LE")', 'SABlAGwAbABvACAAVwBvAHIAbABkAA=='],
    ['textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")', 'Hello World'],
    ['filebase64("data/sub/a.txt")', 'YQ=='],
    ['length(base64gzip("x"))', 28],
    ['rfc3339_parse("2023-05-15T07:08:09+02:00").unix', 1684127289],
    ['rfc3339_parse("2023-01-01T00:00:00Z").iso_week', 52],
    ['unix_timestamp_parse(1684127289).rfc3339', '2023-05-15T05:08:09Z'],
    ['templatefile("data/greeting.tpl", { name = "pack", items = ["a", "b"], n = 3 })', 'Hi pack! [a][b]\nmany\n'],
    ['templatefile("data/greeting.tpl", { name = "x", items = [], n = 1 })', 'Hi x! \nfew\n'],
  ])('%s', (expr, want) => {
    expect(ev(expr)).toEqual(want);
  });
});

describe('template directives', () => {
  it('if/else/for with strip markers', () => {
    expect(ev('"%{ if var.n > 1 }big%{ else }small%{ endif }"')).toBe('big');
    expect(ev('"%{ for i, x in ["a", "b"] }${i}=${x};%{ endfor }"')).toBe('0=a;1=b;');
    expect(ev('"a   %{~ if true ~}   b   %{~ endif ~}   c"')).toBe('abc');
    expect(ev('"x %%{ not } $${ this }"')).toBe('x %{ not } ${ this }');
  });
  it('names a directive left open', () => {
    expect(() => ev('"%{ if true }open"')).toThrow(/expected %\{ else or endif \}/);
  });
});

describe('function errors name the call', () => {
  it.each([
    ['upper()', /upper\(\): expects 1 argument\(s\); missing value for "str"/],
    ['upper("a", "b")', /upper\(\): expects only 1 argument/],
    ['upper(["a"])', /upper\(\): invalid value for "str" parameter: string required/],
    ['abs("x")', /abs\(\): invalid value for "num" parameter: number required/],
    ['element([], 0)', /cannot use element function with an empty list/],
    ['file("nope.txt")', /file\(\): no file exists at .*nope\.txt/],
    ['regex("x", "y")', /regex\(\): pattern did not match/],
    ['vault("secret/x", "k")', /vault\(\) is not supported by pack/],
    ['env("HOME")', /env\(\) is only available in a variable's default/],
    ['tostring(1)', /unknown function "tostring"/],
    ['range(1, 2000)', /more than 1024 values/],
  ])('%s', (expr, want) => {
    expect(() => ev(expr)).toThrow(want);
  });
  it('variable defaults have env() and nothing else', () => {
    const env = defaultFunctions({ HOME: '/home/u' });
    expect(evaluate(parseExpression('env("HOME")'), {}, env)).toBe('/home/u');
    expect(evaluate(parseExpression('env("UNSET_X")'), {}, env)).toBe('');
    expect(() => evaluate(parseExpression('upper("a")'), {}, env)).toThrow(/unknown function "upper"/);
  });
});
