// Every mistake a user can make in a template gets one clear message, exit 1, and no stack trace.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPack } from '../helpers/pack.js';
import { tempDir, STACK_TRACE } from './tools.js';

const tmp = tempDir('errors');
afterAll(() => tmp.cleanup());

function file(name: string, text: string): string {
  writeFileSync(join(tmp.dir, name), text);
  return name;
}

async function validate(...args: string[]) {
  const r = await runPack(['validate', ...args], { cwd: tmp.dir });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(STACK_TRACE);
  return r.stderr;
}

const NONE = 'builders:\n  - type: "null"\n    communicator: none\n';

beforeAll(() => {
  file('yaml-syntax.yaml', 'builders:\n  - type: null\n   communicator: [none\n');
  file('json-syntax.json', '{\n  "builders": [\n    { "type": "null" }\n  ]\n  "provisioners": []\n}\n');
  file('hcl-syntax.pkr.hcl', 'source "null" "x" {\n  communicator = "none"\n\nbuild {\n');
  file('empty.yaml', '\n  \n');
  file('no-builders.yaml', 'description: nothing to build\nprovisioners: []\n');
  file('unknown-builder.yaml', 'builders:\n  - type: nulll\n');
  file('unknown-plugin-builder.yaml', 'builders:\n  - type: arm\n');
  file('template.hcl', 'source "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n}\n');
  file('unknown-provisioner.yaml', NONE + 'provisioners:\n  - type: shell-locl\n    inline: [echo]\n');
  file('unknown-pp.json', '{"builders":[{"type":"null","communicator":"none"}],"post-processors":["checksun"]}');
  file('unknown-field.yaml', 'builders:\n  - type: file\n    target: out.txt\n    contnet: hello\n');
  file('missing-required.yaml', 'builders:\n  - type: file\n    content: hello\n');
  file('wrong-type.yaml', NONE + 'provisioners:\n  - type: sleep\n    duration: forever\n');
  file('required-var.json', '{"variables":{"region":null},"builders":[{"type":"file","target":"{{user `region`}}.txt","content":"x"}]}');
  file('undefined-var-default.json', '{"variables":{"a":"{{user `nope`}}"},"builders":[{"type":"file","target":"t","content":"{{user `a`}}"}]}');
  file('undefined-var.yaml', 'builders:\n  - type: file\n    target: out.txt\n    content: "{{user `nope`}}"\n');
  file('undefined-var.pkr.hcl', 'source "file" "x" {\n  target  = "o.txt"\n  content = var.nope\n}\nbuild {\n  sources = ["source.file.x"]\n}\n');
  file('unknown-func.yaml', 'builders:\n  - type: file\n    target: out.txt\n    content: "{{ nofunc }}"\n');
  file('unknown-func.pkr.hcl', 'source "file" "x" {\n  target  = "o.txt"\n  content = nofunc("a")\n}\nbuild {\n  sources = ["source.file.x"]\n}\n');
  file('many.yaml', 'variables:\n  r: null\nbuilders:\n  - type: file\n    contnet: x\n  - type: nul\nprovisioners:\n  - type: shell-local\n    inline: [x]\n    pause_before: soon\n');
  file('ok.yaml', NONE);
  file('default-type.pkr.hcl', 'variable "n" {\n  type    = number\n  default = "abc"\n}\nsource "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n}\n');
});

describe('pack validate errors', () => {
  it('YAML syntax error: file, line and column', async () => {
    expect(await validate('yaml-syntax.yaml')).toMatch(/yaml-syntax\.yaml:3:\d+: YAML syntax error/);
  });
  it('an HCL default of the wrong type: at the default, saying what the type wants (no hint about variables)', async () => {
    const err = await validate('default-type.pkr.hcl');
    expect(err).toContain('default-type.pkr.hcl:3:3: variable "n": default: a number is required, not "abc": the default must match type = number');
    expect(err).not.toContain('defaults cannot use variables');
  });
  it('JSON syntax error: file, line and column', async () => {
    expect(await validate('json-syntax.json')).toMatch(/json-syntax\.json:5:3: JSON syntax error/);
  });
  it('HCL syntax error: file, line and column', async () => {
    expect(await validate('hcl-syntax.pkr.hcl')).toMatch(/hcl-syntax\.pkr\.hcl:\d+:\d+: HCL syntax error/);
  });
  it('an empty file', async () => {
    expect(await validate('empty.yaml')).toMatch(/empty\.yaml: the file is empty/);
  });
  it('an empty .pkr.hcl is an empty body, as in Packer: valid alone and beside the other files of a folder', async () => {
    mkdirSync(join(tmp.dir, 'with-empty'));
    file('with-empty/a.pkr.hcl', 'source "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n}\n');
    file('with-empty/variables.pkr.hcl', '\n');
    file('empty.pkr.hcl', '');
    for (const path of ['with-empty', 'empty.pkr.hcl']) {
      const r = await runPack(['validate', path], { cwd: tmp.dir });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });
  it('no builders', async () => {
    expect(await validate('no-builders.yaml')).toMatch(/at least one builder must be defined/);
  });
  it('unknown builder, provisioner and post-processor types suggest the closest', async () => {
    expect(await validate('unknown-builder.yaml')).toMatch(/unknown-builder\.yaml:2:\d+: .*unknown builder type "nulll"\. Did you mean "null"\?/);
    // HCL2 in a file Packer would read as JSON.
    expect(await validate('template.hcl')).toBe("Error: 1 error occurred:\n\t* template.hcl: an HCL2 template's name must end in .pkr.hcl (Packer reads any other file as JSON): rename it template.pkr.hcl\n");
    // A name nothing is near: pack's own builders and what to do about a plugin's, not every name Packer knows.
    expect(await validate('-engine=pack', 'unknown-plugin-builder.yaml')).toMatch(/unknown builder type "arm"\. pack has these builders: docker, file, null, qemu; [^\n]*name the plugin in packer \{ required_plugins \}/);
    expect(await validate('unknown-provisioner.yaml')).toMatch(/unknown provisioner type "shell-locl"\. Did you mean "shell-local"\?/);
    expect(await validate('unknown-pp.json')).toMatch(/unknown post-processor type "checksun"\. Did you mean "checksum"\?/);
  });
  it('unknown field suggests the closest field, at its line', async () => {
    expect(await validate('unknown-field.yaml')).toMatch(/unknown-field\.yaml:4:5: .*unknown configuration key "contnet" for builder "file"\. Did you mean "content"\?/);
  });
  it('missing required field', async () => {
    expect(await validate('missing-required.yaml')).toMatch(/missing required field "target"/);
  });
  it('value of the wrong type', async () => {
    expect(await validate('wrong-type.yaml')).toMatch(/wrong-type\.yaml:6:5: .*duration: must be a duration such as "30s".*not the string "forever"/);
  });
  it('required variable not given', async () => {
    expect(await validate('required-var.json')).toMatch(/required variable "region" is not set: give it with -var 'region=VALUE'/);
  });
  it('a variable that does not exist (JSON/YAML: a warning, as Packer renders it empty; HCL: an error)', async () => {
    const r = await runPack(['validate', 'undefined-var.yaml'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Warning: \{\{user `nope`\}\} names a variable that "variables" does not declare/);
    expect(await validate('undefined-var-default.json')).toMatch(/undefined-var-default\.json:1:\d+: variables\.a: template error: \{\{user `nope`\}\}: variable "nope" is not declared/);
    expect(await validate('undefined-var.pkr.hcl')).toMatch(/undefined-var\.pkr\.hcl:3:3: .*undeclared variable "var\.nope"/);
  });
  it('a function that does not exist (JSON/YAML and HCL)', async () => {
    expect(await validate('unknown-func.yaml')).toMatch(/function "nofunc" not defined/);
    expect(await validate('unknown-func.pkr.hcl')).toMatch(/call to unknown function "nofunc"/);
  });
  it('every problem at once (with an unset required variable, only it and what reading the file found, as in Packer)', async () => {
    const unset = await validate('many.yaml');
    expect(unset).toMatch(/^Error: 2 errors occurred:\n\t\* many\.yaml:2:3: variables\.r: required variable "r" is not set/);
    expect(unset).toMatch(/pause_before: must be a duration/);
    const err = await validate('-var', 'r=x', 'many.yaml');
    expect(err).toMatch(/^Error: 4 errors occurred:/);
    expect(err).toMatch(/"contnet"/);
    expect(err).toMatch(/missing required field "target"/);
    expect(err).toMatch(/unknown builder type "nul"/);
    expect(err).toMatch(/pause_before: must be a duration/);
  });
  it('every problem at once in HCL2 too', async () => {
    file('many.pkr.hcl', 'variable "r" {\n  type = string\n}\nfoo {\n}\nsource "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.b"]\n}\n');
    const err = await validate('many.pkr.hcl');
    expect(err).toMatch(/^Error: 3 errors occurred:/);
    expect(err).toMatch(/many\.pkr\.hcl:1:1: .*required variable "r" is not set/);
    expect(err).toMatch(/many\.pkr\.hcl:4:1: unsupported block type "foo"/);
    expect(err).toMatch(/many\.pkr\.hcl:9:1: .*unknown source "source\.null\.b"; did you mean "source\.null\.a"\?/);
  });
  it('a bad -var (no "=")', async () => {
    expect(await validate('-var', 'region', 'ok.yaml')).toMatch(/invalid -var "region": expected NAME=VALUE/);
  });
  it('a template that does not exist', async () => {
    expect(await validate('nowhere.yaml')).toMatch(/template "nowhere\.yaml" does not exist/);
  });
  it('a valid template: silent, exit 0; -syntax-only says so', async () => {
    const ok = await runPack(['validate', 'ok.yaml'], { cwd: tmp.dir });
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, '', '']);
    const syntax = await runPack(['validate', '--syntax-only', 'required-var.json'], { cwd: tmp.dir });
    expect(syntax.code).toBe(0);
    expect(syntax.stdout).toMatch(/Syntax-only check passed/);
  });
  it('-var, -var-file and PKR_VAR_ satisfy a required variable', async () => {
    expect((await runPack(['validate', '-var', 'region=eu', 'required-var.json'], { cwd: tmp.dir })).code).toBe(0);
    expect((await runPack(['validate', '--var=region=eu', 'required-var.json'], { cwd: tmp.dir })).code).toBe(0);
    file('vars.yaml', 'region: eu\n');
    expect((await runPack(['validate', '-var-file', 'vars.yaml', 'required-var.json'], { cwd: tmp.dir })).code).toBe(0);
    expect((await runPack(['validate', 'required-var.json'], { cwd: tmp.dir, env: { PKR_VAR_region: 'eu' } })).code).toBe(0);
  });
});

describe('unknown commands', () => {
  it.each([
    ['biuld', 'Did you mean "build"?'],
    ['valdate', 'Did you mean "validate"?'],
    ['vesion', 'Did you mean "version"?'],
    ['hcl2_upgrade', 'pack convert TEMPLATE.json -o TEMPLATE.pkr.hcl does what packer hcl2_upgrade does'],
  ])('%s: exit 1 with a hint', async (cmd, hint) => {
    const r = await runPack([cmd, 'x.json'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`pack: unknown command "${cmd}". ${hint}`);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
  it('a name close to none: no guess', async () => {
    const r = await runPack(['zzzzzz'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('pack: unknown command "zzzzzz".\nRun \'pack --help\' for the commands.\n');
  });
});
