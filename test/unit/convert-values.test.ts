import { describe, it, expect } from 'vitest';
import { goToHclString, goLayoutToFormatdate, hclToGo, ConvertError, type HclToGoScope } from '../../src/convert/values.js';

const scope = (): HclToGoScope => ({ asUser: new Map([['var.x', 'x'], ['local.l', 'l']]), inline: new Map([['var.list', ['a', 'b']]]), failed: new Map() });

describe('Go templates to HCL2', () => {
  it('maps Packer functions and pipelines as hcl2_upgrade does, and keeps runtime fields', () => {
    expect(goToHclString('a-{{user `x`}}-b')).toBe('"a-${var.x}-b"');
    expect(goToHclString('{{ user `x` | lower }}')).toBe('"${lower(var.x)}"');
    expect(goToHclString('{{replace_all `.` `_` (user `x`)}}')).toBe('"${replace(var.x, ".", "_")}"');
    expect(goToHclString('{{split build_name "-" 1}}')).toBe('"${split("-", source.name)[1]}"');
    expect(goToHclString('{{env `HOME`}}/{{template_dir}}')).toBe('"${env("HOME")}/${path.root}"');
    expect(goToHclString('http://{{ .HTTPIP }}:{{ .HTTPPort }}/ks.cfg')).toBe('"http://{{ .HTTPIP }}:{{ .HTTPPort }}/ks.cfg"');
    expect(goToHclString('cost: ${5} %{x} "q"')).toBe('"cost: $${5} %%{x} \\"q\\""');
    const ctx = { locals: new Set(['x']), uses: new Set<string>() };
    expect(goToHclString('{{user `x`}}-{{timestamp}}', ctx)).toBe('"${local.x}-${local.timestamp}"');
    expect([...ctx.uses]).toEqual(['timestamp']);
  });
  it('turns isotime layouts into formatdate specs', () => {
    expect(goLayoutToFormatdate('2006-01-02T15:04:05Z07:00', 's')).toBe('YYYY-MM-DD\'T\'hh:mm:ssZ');
    expect(goLayoutToFormatdate('01-02-2006', 's')).toBe('MM-DD-YYYY');
  });
  it('refuses what HCL2 cannot say', () => {
    expect(() => goToHclString('{{replace `b` `c` 2 `ababa`}}')).toThrow(ConvertError);
    expect(() => goToHclString('{{ user `x` | clean_resource_name }}')).toThrow(/has no HCL2 form/);
  });
});

describe('HCL2 to Go templates', () => {
  it('is the inverse for what both can say', () => {
    expect(hclToGo('a-${var.x}-${local.l}', scope())).toBe('a-{{user `x`}}-{{user `l`}}');
    expect(hclToGo('${lower(var.x)}', scope())).toBe('{{lower (user `x`)}}');
    expect(hclToGo('${split("-", source.name)[1]}', scope())).toBe('{{split build_name `-` 1}}');
    expect(hclToGo('${formatdate("MM-DD-YYYY", timestamp())}', scope())).toBe('{{isotime `01-02-2006`}}');
    expect(hclToGo(['${var.x}', 3, { k: '${path.root}' }], scope())).toEqual(['{{user `x`}}', 3, { k: '{{template_dir}}' }]);
    expect(hclToGo('${var.list}', scope())).toEqual(['a', 'b']);
  });
  it('refuses operators and unknown names', () => {
    expect(() => hclToGo('${var.x + 1}', scope())).toThrow(/has no Packer JSON form/);
    expect(() => hclToGo('${var.nope}', scope())).toThrow(/var.nope is not declared/);
  });
});
