import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareTemplate, loadTemplate, selectBuilds } from '../../src/template/index.js';
import { TemplateErrors } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'pack-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const none = { vars: [] as [string, string][], varFiles: [] as string[], env: {} };

describe('YAML and JSON templates', () => {
  it('splits communicator fields out of the builder and applies schema defaults', async () => {
    const p = await prepareTemplate(
      write('ssh.yaml', 'builders:\n  - type: "null"\n    ssh_host: 127.0.0.1\n    ssh_username: root\n    ssh_password: pw\n    ssh_port: "2222"\n'),
      none,
    );
    const b = p.template.builds[0];
    expect(b.name).toBe('null');
    expect(b.communicator.type).toBe('ssh');
    expect(b.communicator.config).toMatchObject({ ssh_host: '127.0.0.1', ssh_port: 2222, ssh_username: 'root' });
    expect(b.communicator.config.ssh_timeout).toBe(300_000); // decoded once: milliseconds
    expect(b.config).toEqual({});
    expect(p.sensitiveValues).toContain('pw');
  });

  it("Vagrant's public default password is not masked from a field (box names hold it), but is from a sensitive variable", async () => {
    const field = await prepareTemplate(
      write('box.yaml', 'builders:\n  - type: "null"\n    name: box-vagrant\n    ssh_host: 127.0.0.1\n    ssh_username: vagrant\n    ssh_password: vagrant\n'),
      none,
    );
    expect(field.sensitiveValues).not.toContain('vagrant');
    const variable = await prepareTemplate(
      write(
        'box-var.json',
        JSON.stringify({ variables: { pw: 'vagrant' }, 'sensitive-variables': ['pw'], builders: [{ type: 'null', communicator: 'none' }] }),
      ),
      none,
    );
    expect(variable.sensitiveValues).toContain('vagrant');
  });

  it('interpolates per build, keeps dotted fields for run time, picks only/except/override', async () => {
    const p = await prepareTemplate(
      write(
        'multi.json',
        JSON.stringify({
          variables: { who: 'world', pw: 'hunter22' },
          'sensitive-variables': ['pw'],
          builders: [
            { type: 'null', name: 'a', communicator: 'none' },
            { type: 'null', name: 'b', communicator: 'none' },
          ],
          provisioners: [
            { type: 'shell-local', inline: ['echo {{user `who`}} {{build_name}} {{ .Vars }}'], only: ['a'] },
            { type: 'shell-local', inline: ['echo default'], override: { b: { inline: ['echo for b'] } }, pause_before: '1m30s', max_retries: '2' },
          ],
          'post-processors': ['manifest', [{ type: 'checksum', except: ['a'] }, { type: 'compress', output: 'x.tgz' }]],
        }),
      ),
      none,
    );
    const [a, b] = p.template.builds;
    expect(a.provisioners.map((x) => x.config.inline)).toEqual([['echo world a {{ .Vars }}'], ['echo default']]);
    expect(b.provisioners.map((x) => x.config.inline)).toEqual([['echo for b']]);
    expect(b.provisioners[0]).toMatchObject({ pauseBefore: 90_000, maxRetries: 2 });
    // Resolved once here: the engine gets no override to apply again.
    expect([...a.provisioners, ...b.provisioners].map((x) => x.override)).toEqual([undefined, undefined, undefined]);
    expect(a.postProcessors.map((c) => c.map((x) => x.type))).toEqual([['manifest'], ['compress']]);
    expect(b.postProcessors.map((c) => c.map((x) => x.type))).toEqual([['manifest'], ['checksum', 'compress']]);
    expect(p.sensitiveValues).toContain('hunter22');
    expect(selectBuilds(p.template.builds, ['b']).map((x) => x.name)).toEqual(['b']);
    expect(selectBuilds(p.template.builds, [], ['*']).length).toBe(0);
  });

  it('a provisioner `name` names the step in YAML (pack\'s own format); in Packer JSON it is refused as Packer 1.6.6 does', async () => {
    const p = await prepareTemplate(
      write('named.yaml', 'builders:\n  - type: "null"\n    communicator: none\nprovisioners:\n  - type: shell-local\n    name: greet\n    inline: [echo hi]\n'),
      none,
    );
    expect(p.template.builds[0].provisioners[0].name).toBe('greet');
    expect(p.template.builds[0].provisioners[0].config).not.toHaveProperty('name');
    const json = write('named.json', JSON.stringify({ builders: [{ type: 'null', communicator: 'none' }], provisioners: [{ type: 'shell-local', name: 'greet', inline: ['echo hi'] }] }));
    const err = await prepareTemplate(json, none).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateErrors);
    expect(String((err as Error).message)).toMatch(/provisioners\[0\]|provisioner 1/);
    expect(String((err as Error).message)).toMatch(/unknown configuration key "name" for provisioner "shell-local"/);
  });

  it('variable precedence: default < PKR_VAR_ < -var-file (in order) < -var (in order)', async () => {
    const t = write('prec.yaml', 'variables:\n  v: default\nbuilders:\n  - type: file\n    target: out.txt\n    content: "{{user `v`}}"\n');
    const f1 = write('v1.json', '{"v":"file1"}');
    const f2 = write('v2.yaml', 'v: file2\n');
    const content = async (inputs: typeof none) => (await prepareTemplate(t, inputs)).template.builds[0].config.content;
    expect(await content(none)).toBe('default');
    expect(await content({ ...none, env: { PKR_VAR_v: 'env' } })).toBe('env');
    expect(await content({ ...none, env: { PKR_VAR_v: 'env' }, varFiles: [f1] })).toBe('file1');
    expect(await content({ ...none, varFiles: [f1, f2] })).toBe('file2');
    expect(await content({ vars: [['v', 'cli1'], ['v', 'cli2']], varFiles: [f2], env: { PKR_VAR_v: 'env' } })).toBe('cli2');
  });

  it('variable defaults may read the environment and other variables', async () => {
    process.env.PACK_TEST_HOME = '/home/x';
    const p = await prepareTemplate(write('env.json', JSON.stringify({ variables: { a: '{{user `b`}}-a', b: '{{env `PACK_TEST_HOME`}}' }, builders: [{ type: 'null', communicator: 'none' }] })), none);
    expect(p.variables).toEqual({ a: '/home/x-a', b: '/home/x' });
  });

  it('the null builder takes one way to log in, as Packer 1.6.6: a password and a key file together are refused', async () => {
    const both = (extra: string) => write('both.json', `{"builders": [{"type": "null", "ssh_host": "127.0.0.1", "ssh_username": "root", ${extra}}]}`);
    const err = await prepareTemplate(both('"ssh_password": "pw", "ssh_private_key_file": "both.json"'), none).catch((e) => e);
    expect(err).toBeInstanceOf(TemplateErrors);
    expect(String(err)).toContain('builders[0] (null): only one of ssh_agent_auth, ssh_password and ssh_private_key_file may be given');
    await expect(prepareTemplate(both('"ssh_agent_auth": true, "ssh_password": "pw"'), none)).rejects.toThrow('only one of ssh_agent_auth');
    await expect(prepareTemplate(both('"ssh_private_key_file": "both.json"'), none)).resolves.toBeDefined();
  });

  it('reports a path that does not exist, relative to the template folder', async () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'here.sh'), 'echo');
    const ok = write('sub/ok.yaml', 'builders:\n  - type: "null"\n    communicator: none\nprovisioners:\n  - type: shell-local\n    script: here.sh\n');
    await expect(prepareTemplate(ok, none)).resolves.toBeTruthy();
    const bad = write('sub/bad.yaml', 'builders:\n  - type: "null"\n    communicator: none\nprovisioners:\n  - type: shell-local\n    script: missing.sh\n');
    await expect(prepareTemplate(bad, none)).rejects.toThrow(TemplateErrors);
  });
});

describe('HCL2 templates', () => {
  const hcl = `
variable "n" {
  type    = number
  default = 1
}
variable "tags" {
  type    = list(string)
  default = []
}
variable "pw" {
  type      = string
  default   = "s3cret!"
  sensitive = true
}
locals {
  b = "\${local.a}-b"
  a = "a\${var.n}"
}
source "null" "one" {
  communicator = "none"
}
source "file" "f" {
  target  = "out/\${source.name}.txt"
  content = "\${local.b} \${var.pw} \${join(",", var.tags)}"
}
build {
  name    = "par"
  sources = ["source.null.one", "source.file.f"]
  source "source.null.one" {
    name = "two"
  }
  provisioner "shell-local" {
    inline = ["echo first \${source.type}"]
  }
  post-processor "manifest" {}
  provisioner "shell-local" {
    only   = ["null.two"]
    inline = ["echo {{ .Vars }} second"]
  }
  provisioner "shell-local" {
    inline = ["echo third"]
  }
}
`;
  it('names builds, keeps block order, evaluates locals in dependency order, types -var values', async () => {
    const path = write('t.pkr.hcl', hcl);
    const p = await prepareTemplate(path, { vars: [['n', '5'], ['tags', '["x","y"]']], varFiles: [], env: {} });
    expect(p.template.builds.map((b) => [b.name, b.builderName, b.sourceName])).toEqual([
      ['par.null.one', 'one', 'null.one'],
      ['par.file.f', 'f', 'file.f'],
      ['par.null.two', 'two', 'null.two'],
    ]);
    const two = p.template.builds[2];
    expect(two.provisioners.map((x) => (x.config.inline as string[])[0])).toEqual(['echo first null', 'echo {{ .Vars }} second', 'echo third']);
    expect(p.template.builds[0].provisioners).toHaveLength(2);
    expect(p.template.builds[1].config).toMatchObject({ target: 'out/f.txt', content: 'a5-b s3cret! x,y' });
    expect(p.variables.n).toBe(5);
    expect(p.sensitiveValues).toContain('s3cret!');
  });
  it('reads .pkrvars.hcl files and rejects a -var that is not declared', async () => {
    const path = write('t2.pkr.hcl', hcl);
    const vf = write('x.pkrvars.hcl', 'n = 7\ntags = ["q"]\n');
    const p = await prepareTemplate(path, { vars: [], varFiles: [vf], env: {} });
    expect(p.template.builds[1].config.content).toBe('a7-b s3cret! q');
    await expect(prepareTemplate(path, { vars: [['nope', '1']], varFiles: [], env: {} })).rejects.toThrow(/undefined variable "nope"/);
    await expect(prepareTemplate(path, { vars: [['n', 'abc']], varFiles: [], env: {} })).rejects.toThrow(/invalid value for variable "n"/);
  });
  it('loads a folder of .pkr.hcl files as one template', async () => {
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'folder', 'vars.pkr.hcl'), 'variable "msg" {\n  default = "hi"\n}\n');
    writeFileSync(join(dir, 'folder', 'main.pkr.hcl'), 'source "file" "x" {\n  target  = "o.txt"\n  content = var.msg\n}\nbuild {\n  sources = ["source.file.x"]\n}\n');
    const t = await loadTemplate(join(dir, 'folder'));
    expect(t.format).toBe('hcl');
    const p = await prepareTemplate(join(dir, 'folder'), none);
    expect(p.template.builds[0].config.content).toBe('hi');
  });
});

describe('-only / -except', () => {
  it('prepares and reports only the selected builds', async () => {
    const t = write('sel.json', JSON.stringify({ builders: [{ type: 'null', name: 'good', communicator: 'none' }, { type: 'file', name: 'bad' }] }));
    await expect(prepareTemplate(t, none)).rejects.toThrow(/missing required field "target"/);
    const p = await prepareTemplate(t, none, { only: ['go*'] });
    expect(p.template.builds.map((b) => b.name)).toEqual(['good']);
    expect((await prepareTemplate(t, none, { except: ['bad'] })).template.builds).toHaveLength(1);
  });
  it('applies an HCL provisioner override for its source', async () => {
    const t = write(
      'ov.pkr.hcl',
      'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.a"]\n  provisioner "shell-local" {\n    inline = ["echo base"]\n    override = {\n      "null.a" = { inline = ["echo over"] }\n    }\n  }\n}\n',
    );
    const p = await prepareTemplate(t, none);
    expect(p.template.builds[0].provisioners[0].config.inline).toEqual(['echo over']);
    expect(p.template.builds[0].provisioners[0].override).toBeUndefined();
  });
});

describe('YAML is Packer JSON in another syntax', () => {
  it('every accepted JSON fixture, written as YAML, prepares to the same builds', async () => {
    const { readdirSync, readFileSync, cpSync } = await import('node:fs');
    const { stringify } = await import('yaml');
    const src = join(__dirname, '../fixtures/templates/verdicts/accept');
    const copy = join(dir, 'yaml-parity');
    cpSync(src, copy, { recursive: true });
    const jsons = readdirSync(src).filter((f) => f.endsWith('.json') && !f.endsWith('.pkr.json'));
    expect(jsons.length).toBeGreaterThan(5);
    for (const f of jsons) {
      const yamlPath = join(copy, f.replace(/\.json$/, '.yaml'));
      writeFileSync(yamlPath, stringify(JSON.parse(readFileSync(join(src, f), 'utf8'))));
      const fromJson = await prepareTemplate(join(copy, f), none);
      const fromYaml = await prepareTemplate(yamlPath, none);
      const shape = (p: typeof fromJson) => p.template.builds.map((b) => ({ ...b, pos: undefined, provisioners: b.provisioners.map((x) => ({ ...x, pos: undefined, config: stripTimes(x.config) })), postProcessors: b.postProcessors.map((c) => c.map((x) => ({ ...x, pos: undefined }))), config: stripTimes(b.config), errorCleanupProvisioner: b.errorCleanupProvisioner && { ...b.errorCleanupProvisioner, pos: undefined } }));
      expect(shape(fromYaml), f).toEqual(shape(fromJson));
    }
  });
});

/** {{timestamp}}/{{uuid}} differ between two prepares: compare everything else. */
function stripTimes(v: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID'));
}

describe('HCL local blocks', () => {
  it('evaluates `local "name" { expression }` and masks sensitive ones', async () => {
    const t = write('loc.pkr.hcl', 'local "pw" {\n  expression = "se${"cret"}"\n  sensitive  = true\n}\nsource "file" "x" {\n  target  = "o.txt"\n  content = local.pw\n}\nbuild {\n  sources = ["source.file.x"]\n}\n');
    const p = await prepareTemplate(t, none);
    expect(p.template.builds[0].config.content).toBe('secret');
    expect(p.sensitiveValues).toContain('secret');
  });
});

describe('HCL only/except naming no source', () => {
  it('is a warning, as Packer 1.6.6 accepts it', async () => {
    const t = write('warn.pkr.hcl', 'source "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.a"]\n  provisioner "shell-local" {\n    inline = ["a"]\n    only   = ["null.nope"]\n  }\n}\n');
    const p = await prepareTemplate(t, none);
    expect(p.warnings).toEqual([expect.stringMatching(/warn\.pkr\.hcl:6:3: .*"null\.nope", which is not a source of any build/)]);
    expect(p.template.builds[0].provisioners).toHaveLength(0);
  });
});

describe('YAML variables', () => {
  it('take bare numbers and booleans (as strings, like Packer JSON variables)', async () => {
    const t = write('yvars.yaml', 'variables:\n  port: 2222\n  debug: true\nbuilders:\n  - type: file\n    target: out.txt\n    content: "{{user `port`}} {{user `debug`}}"\n');
    const p = await prepareTemplate(t, none);
    expect(p.template.builds[0].config.content).toBe('2222 true');
    const j = write('jvars.json', '{"variables":{"port":2222},"builders":[{"type":"null","communicator":"none"}]}');
    await expect(prepareTemplate(j, none)).rejects.toThrow(/the default value must be a string/);
  });
});
