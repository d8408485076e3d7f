// The non-UI logic of pack init: field texts, documents, serializers, starters (checked by the real
// template loader, prepareTemplate), defaults that satisfy the schemas' own rules.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseValue, checkText, formatValue } from '../../src/init/values.js';
import { newBuilder, newComponent, emptyAnswers, type Answers } from '../../src/init/answers.js';
import { registryCatalog } from '../../src/init/catalog.js';
import { buildDoc } from '../../src/init/document.js';
import { serialize } from '../../src/init/serialize.js';
import { checkDoc } from '../../src/init/check.js';
import { listStarters, loadStarter, templatesDir } from '../../src/init/starters.js';
import { writeAtomically, FileExistsError } from '../../src/init/write.js';
import { prepareTemplate } from '../../src/template/index.js';

const catalog = registryCatalog();
const dir = mkdtempSync(join(tmpdir(), 'pack-init-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function prepare(text: string, name: string, vars: [string, string][] = []) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return prepareTemplate(file, { vars, varFiles: [], env: {} });
}

describe('field texts', () => {
  it('parses each type and says what is wrong', () => {
    expect(parseValue({ type: 'integer', description: '' }, '22')).toEqual({ ok: true, value: 22 });
    expect(parseValue({ type: 'integer', description: '' }, '2.5')).toMatchObject({ ok: false, error: expect.stringContaining('whole number') });
    expect(parseValue({ type: 'number', description: '' }, 'abc')).toMatchObject({ ok: false });
    expect(parseValue({ type: 'duration', description: '' }, '1h30m')).toEqual({ ok: true, value: '1h30m' });
    expect(parseValue({ type: 'duration', description: '' }, '5 minutes')).toMatchObject({ ok: false, error: expect.stringContaining('duration') });
    expect(parseValue({ type: 'boolean', description: '' }, 'False')).toEqual({ ok: true, value: false });
    expect(parseValue({ type: 'boolean', description: '' }, 'no')).toMatchObject({ ok: false });
    expect(parseValue({ type: 'duration', description: '' }, '10')).toMatchObject({ ok: false, error: expect.stringContaining('needs a unit') });
    expect(parseValue({ type: 'string[]', description: '' }, 'a\n\nb c\n')).toEqual({ ok: true, value: ['a', 'b c'] });
    expect(parseValue({ type: 'map', description: '' }, 'A=1\nB=x=y')).toEqual({ ok: true, value: { A: '1', B: 'x=y' } });
    expect(parseValue({ type: 'string', description: '', enum: ['scp', 'sftp'] }, 'ftp')).toMatchObject({ ok: false });
    expect(parseValue({ type: 'integer', description: '' }, '{{user `port`}}')).toEqual({ ok: true, value: '{{user `port`}}' });
    expect(parseValue({ type: 'string', description: '' }, '')).toEqual({ ok: true, value: undefined });
  });

  it('checks that paths exist', () => {
    const spec = { type: 'string' as const, description: '', path: 'file' as const };
    expect(checkText(spec, 'nope.sh', dir)).toMatchObject({ ok: false, error: expect.stringContaining('no such file') });
    writeFileSync(join(dir, 'yes.sh'), 'true\n');
    expect(checkText(spec, 'yes.sh', dir)).toEqual({ ok: true, value: 'yes.sh' });
  });

  it('formats values back into the same text', () => {
    const spec = { type: 'map' as const, description: '' };
    const text = formatValue(spec, { A: '1', B: '2' });
    expect(parseValue(spec, text)).toEqual({ ok: true, value: { A: '1', B: '2' } });
  });
});

describe('every component from scratch', () => {
  it('has defaults that parse as their field types say (qemu disk_size 40960M, durations, lists)', () => {
    const full = registryCatalog();
    for (const kind of ['builder', 'communicator', 'provisioner', 'post-processor'] as const) {
      for (const def of full.list(kind)) {
        const a = newComponent(def, dir);
        for (const [field, text] of Object.entries(a.texts)) {
          expect(parseValue(def.fields[field]!, text), `${kind} ${def.type}.${field} = ${text}`).toMatchObject({ ok: true });
        }
      }
    }
    expect(parseValue({ type: 'any', description: '' }, '40960M')).toEqual({ ok: true, value: '40960M' });
    expect(parseValue({ type: 'any', description: '' }, '10240')).toEqual({ ok: true, value: 10240 });
    expect(parseValue({ type: 'any', description: '' }, '{"a":')).toMatchObject({ ok: false });
  });
});

describe('defaults', () => {
  it('proposes a command for shell-local so that its one-of rule holds', () => {
    const def = catalog.find('provisioner', 'shell-local')!;
    const a = newComponent(def, dir);
    expect(a.texts.inline).toBeTruthy();
    expect(def.check!({ inline: [a.texts.inline] }, { templateDir: dir })).toEqual([]);
  });

  it('gives the null builder a communicator that needs no answers', () => {
    expect(newBuilder(catalog, 'null', dir).communicator.type).toBe('none');
  });
});

function sample(): Answers {
  const a = emptyAnswers();
  const b = newBuilder(catalog, 'null', dir);
  b.communicator = { ...newComponent(catalog.find('communicator', 'ssh')!, dir) };
  b.communicator.texts.ssh_host = '127.0.0.1';
  b.communicator.texts.ssh_username = 'root';
  b.communicator.texts.ssh_password = 's3cret ${x}';
  b.communicator.vars.ssh_password = { name: 'ssh_password', sensitive: true };
  b.communicator.vars.ssh_host = { name: 'host', sensitive: false };
  a.builders.push(b);
  const sl = newComponent(catalog.find('provisioner', 'shell-local')!, dir);
  sl.texts.inline = 'echo "${HOME}"\necho two';
  a.provisioners.push(sl);
  a.postProcessors.push({ ...newComponent(catalog.find('post-processor', 'manifest')!, dir), chained: false });
  a.postProcessors.push({ ...newComponent(catalog.find('post-processor', 'checksum')!, dir), chained: false });
  a.postProcessors.push({ ...newComponent(catalog.find('post-processor', 'compress')!, dir), chained: true });
  return a;
}

describe('documents', () => {
  it('writes variables, sensitive variables, chains and leaves defaults out (YAML)', async () => {
    const { doc, problems } = buildDoc(sample(), catalog);
    expect(problems).toEqual([]);
    // A null build hands checksum no files.
    expect(checkDoc(doc, catalog, dir)).toEqual([{ field: 'post-processors[1]', message: expect.stringContaining('checksum takes files') }]);
    const yaml = serialize(doc, 'yaml');
    expect(yaml).toContain('ssh_password: "{{user `ssh_password`}}"');
    expect(yaml).toContain('sensitive-variables:');
    expect(yaml).not.toContain('ssh_port');
    // The secret is never written: the variable has no default, the value goes to the var file.
    expect(yaml).not.toContain('s3cret');
    expect(doc.secrets).toEqual({ ssh_password: 's3cret ${x}' });
    const prepared = await prepare(yaml, 'sample.yaml', [['ssh_password', 's3cret ${x}']]);
    expect(prepared.template.builds).toHaveLength(1);
    expect(prepared.template.builds[0].postProcessors.map((c) => c.map((p) => p.type))).toEqual([['manifest'], ['checksum', 'compress']]);
    expect(prepared.sensitiveValues).toContain('s3cret ${x}');
  });

  it('writes the same template as Packer JSON', async () => {
    const { doc } = buildDoc(sample(), catalog);
    const json = serialize(doc, 'json');
    const obj = JSON.parse(json);
    expect(obj['post-processors'][1]).toHaveLength(2);
    expect(json).not.toContain('s3cret');
    const prepared = await prepare(json, 'sample.json', [['ssh_password', 'x']]);
    expect(prepared.template.builds[0].communicator.config.ssh_host).toBe('127.0.0.1');
  });

  it('writes HCL2 with var references and escaped interpolation', () => {
    const { doc } = buildDoc(sample(), catalog);
    const hcl = serialize(doc, 'hcl');
    expect(hcl).toContain('variable "ssh_password" {');
    expect(hcl).toContain('sensitive   = true');
    expect(hcl).toContain('ssh_password = var.ssh_password');
    expect(hcl).not.toContain('s3cret');
    expect(hcl).toContain('inline = ["echo \\"$${HOME}\\"", "echo two"]');
    expect(hcl).toMatch(/post-processors \{\n    post-processor "checksum" \{\n    \}\n    post-processor "compress"/);
  });

  it('writes HCL2 lists for fields that take a string or a list', () => {
    const a = emptyAnswers();
    a.builders.push(newBuilder(catalog, 'null', dir));
    const sh = newComponent(catalog.find('provisioner', 'shell')!, dir);
    sh.texts.inline = 'echo one';
    a.provisioners.push(sh);
    const { doc } = buildDoc(a, catalog);
    expect(serialize(doc, 'yaml')).toContain('inline: echo one');
    expect(serialize(doc, 'hcl')).toContain('inline = ["echo one"]');
  });

  it('turns Packer JSON variable references inside strings into HCL2 interpolations', () => {
    const a = emptyAnswers();
    a.variables = [{ name: 'greeting', default: 'hi', sensitive: false }];
    a.builders.push(newBuilder(catalog, 'null', dir));
    const sl = newComponent(catalog.find('provisioner', 'shell-local')!, dir);
    sl.texts.inline = 'echo "{{user `greeting`}} ${USER}"';
    a.provisioners.push(sl);
    const hcl = serialize(buildDoc(a, catalog).doc, 'hcl');
    expect(hcl).toContain('inline = ["echo \\"${var.greeting} $${USER}\\""]');
  });

  it('reports a value that does not parse, naming the field', () => {
    const a = sample();
    a.builders[0].communicator.texts.ssh_port = 'twenty';
    expect(buildDoc(a, catalog).problems).toEqual([{ field: 'builders[0].ssh_port', message: '"twenty" is not a number' }]);
  });
});

describe('starters', () => {
  const starters = listStarters();
  it('are offered from templates/', () => {
    const files = readdirSync(templatesDir()).filter((f) => f.endsWith('.yaml'));
    expect(starters.map((s) => s.name).sort()).toEqual(files.map((f) => f.replace(/\.yaml$/, '')).sort());
    expect(starters.length).toBeGreaterThanOrEqual(3);
  });

  for (const s of listStarters()) {
    it(`${s.name} validates as written and after a round trip through the wizard's answers`, async () => {
      expect(s.description).not.toBe('');
      await expect(prepareTemplate(s.file, { vars: [], varFiles: [], env: {} })).resolves.toBeTruthy();
      const { doc, problems } = buildDoc(loadStarter(s.file, catalog), catalog);
      expect(problems).toEqual([]);
      expect(checkDoc(doc, catalog, dir)).toEqual([]);
      await prepare(serialize(doc, 'yaml'), `${s.name}.yaml`);
      await prepare(serialize(doc, 'json'), `${s.name}.json`);
      await prepare(serialize(doc, 'hcl'), `${s.name}.pkr.hcl`);
    });
  }
});

describe('atomic writes', () => {
  it('refuses an existing file unless told to overwrite, and leaves no temporary file', () => {
    const f = join(dir, 'w.yaml');
    writeAtomically(f, 'one\n', false);
    expect(() => writeAtomically(f, 'two\n', false)).toThrow(FileExistsError);
    writeAtomically(f, 'three\n', true);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });
});
