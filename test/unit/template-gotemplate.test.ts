import { describe, it, expect } from 'vitest';
import { renderGoTemplate } from '../../src/template/gotemplate/render.js';
import { packerFuncs, cleanResourceName } from '../../src/template/gotemplate/funcs.js';
import { formatGoTime } from '../../src/template/gotemplate/golayout.js';
import { renderRuntime } from '../../src/template/index.js';

const funcs = packerFuncs({ templateDir: '/tpl', userVars: { name: 'World', list: 'a-b-c' }, buildName: 'x', buildType: 'null' });
const r = (t: string) => renderGoTemplate(t, { funcs });

describe('Go templates at prepare time', () => {
  it('renders user variables with backquotes and double quotes, and pipelines', () => {
    expect(r('hello {{user `name`}}')).toBe('hello World');
    expect(r('{{ user "name" | upper }}')).toBe('WORLD');
    expect(r('{{ user "name" | lower }}')).toBe('world');
  });
  it('renders string functions with Packer argument order', () => {
    expect(r('{{replace "a" "b" 1 "aaa"}}')).toBe('baa');
    expect(r('{{replace_all "a" "b" "aaa"}}')).toBe('bbb');
    expect(r('{{split (user `list`) "-" 1}}')).toBe('b');
    expect(r('{{clean_resource_name "My Image:1.0"}}')).toBe('my-image-1-0');
    expect(cleanResourceName('A'.repeat(80))).toHaveLength(63);
  });
  it('renders build and environment functions', () => {
    expect(r('{{build_name}}/{{build_type}}/{{template_dir}}')).toBe('x/null//tpl');
    expect(r('{{timestamp}}')).toMatch(/^\d{10}$/);
    expect(r('{{uuid}}')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r('{{packer_version}}')).toBe('1.6.6');
  });
  it('keeps dotted fields for run time, exactly as written', () => {
    expect(r('chmod +x {{.Path}}; {{ .Vars }} {{.Path}} {{build_name}}')).toBe('chmod +x {{.Path}}; {{ .Vars }} {{.Path}} x');
  });
  it('names unknown functions and variables', () => {
    expect(() => r('{{nope}}')).toThrow(/function "nope" not defined/);
    expect(() => r('{{user `missing`}}')).toThrow(/variable "missing"/);
    expect(() => r('{{env `HOME`}}')).toThrow(/only allowed in the default values/);
    expect(() => r('{{user `name`')).toThrow(/unclosed action/);
    expect(() => r('{{range .X}}x{{end}}')).toThrow(/"\{\{range\}\}" blocks are not supported in pack templates \(only \{\{if\}\}/);
  });
  it('renders {{if}}, {{else if}} and {{else}} with Go\'s builtins (as Packer templates use them)', () => {
    const f = packerFuncs({ templateDir: '/t', userVars: { debug: 'true', zfs: 'false', ruby: 'false', itamae: 'true', s3: '' } });
    const g = (t: string) => renderGoTemplate(t, { funcs: f });
    expect(g("sh {{if eq (user `debug`) `true` }}-xv{{end}} '{{ .Path }}'")).toBe("sh -xv '{{ .Path }}'");
    expect(g('{{if eq (user `zfs`) `true` }}zfs.sh{{else}}dummy.sh{{end}}')).toBe('dummy.sh');
    expect(g('{{if or (eq (user `ruby`) `true`) (eq (user `itamae`) `true`) }}ruby.sh{{else}}dummy.sh{{end}}')).toBe('ruby.sh');
    expect(g('{{if ne (user `s3`) `` }}{{user `s3`}}{{else}}none{{end}}/x')).toBe('none/x');
    expect(g('{{if not (user `s3`)}}a{{else if eq (user `zfs`) `true`}}b{{else}}c{{end}}')).toBe('a');
    expect(g('{{if (user `s3`)}}a{{else if eq (user `zfs`) `false`}}b{{else}}c{{end}}')).toBe('b');
    expect(g('{{- if and true 0 }}a{{ else }}b{{ end -}}')).toBe('b');
    expect(g('{{if eq 1 2 1}}multi{{end}}|{{len `abc`}}|{{if lt 1 2}}lt{{end}}')).toBe('multi|3|lt');
  });
  it('keeps an {{if}} that reads a run-time field whole, and renders it at run time', () => {
    const t = '{{if .Sudo}}sudo {{end}}{{.Path}} {{build_name}}';
    expect(r(t)).toBe('{{if .Sudo}}sudo {{end}}{{.Path}} x');
    expect(renderRuntime(r(t), { Sudo: true, Path: '/p' }, { name: 'b', type: 'null', templateDir: '/t' })).toBe('sudo /p x');
    expect(renderRuntime(r(t), { Sudo: false, Path: '/p' }, { name: 'b', type: 'null', templateDir: '/t' })).toBe('/p x');
  });
  it('names a broken {{if}}', () => {
    expect(() => r('{{if true}}x')).toThrow(/\{\{if\}\} without \{\{end\}\}/);
    expect(() => r('x{{end}}')).toThrow(/unexpected \{\{end\}\} without \{\{if\}\}/);
    expect(() => r('{{if}}x{{end}}')).toThrow(/missing condition in \{\{if\}\}/);
    expect(() => r('{{if true}}a{{else}}b')).toThrow(/\{\{else\}\} without \{\{end\}\}/);
  });
});

describe('renderRuntime', () => {
  it('renders dotted fields and build functions', () => {
    expect(renderRuntime('{{.Vars}} {{.Path}} {{build_name}}', { Vars: 'A=1', Path: '/tmp/s' }, { name: 'b', type: 'null', templateDir: '/t' })).toBe('A=1 /tmp/s b');
  });
  it('fails on a field the component does not supply, naming the ones it does', () => {
    expect(() => renderRuntime('{{.Nope}}', { Path: '/x' })).toThrow(/Nope.*available here: \.Path/);
  });
});

describe('Go reference-time layouts', () => {
  const d = new Date(Date.UTC(2024, 1, 3, 14, 5, 9));
  it('formats the common layouts', () => {
    expect(formatGoTime(d, '2006-01-02')).toBe('2024-02-03');
    expect(formatGoTime(d, '2006-01-02T15:04:05Z07:00')).toBe('2024-02-03T14:05:09Z');
    expect(formatGoTime(d, 'Jan _2 03:04PM Mon')).toBe('Feb  3 02:05PM Sat');
    expect(formatGoTime(d, '20060102150405')).toBe('20240203140509');
  });
});
