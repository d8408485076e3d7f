// Templates as people write them today, beside Packer 1.6.6: auto var files, undeclared variables
// from var files (warnings), duplicate variables, strict lists, build {} and variables-only files,
// sources. prefixes, dynamic blocks, env() in defaults only, components pack lacks, and the syntax
// newer than 1.6.6 (required_plugins, data, local blocks, templatefile) that current Packer accepts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runPack, REPO_ROOT } from '../helpers/pack.js';
import { requirePacker, runPacker, STACK_TRACE } from './tools.js';
import { prepareTemplate, loadTemplate } from '../../src/template/index.js';
import { buildsNeedingPacker } from '../../src/template/packer-components.js';
import { interpolateHclBuild } from '../../src/template/prepare-legacy.js';
import type { BuildDef, Template } from '../../src/template/model.js';
import type { Problem } from '../../src/errors.js';

const DIR = join(REPO_ROOT, 'test/fixtures/templates/hcl-language');
const noInputs = { vars: [] as [string, string][], varFiles: [] as string[], env: {} };

beforeAll(() => requirePacker());
afterAll(() => rmSync(join(DIR, 'packer_cache'), { recursive: true, force: true }));

interface Case {
  args: string[];
  /** Packer 1.6.6's exit code; 'newer' = 1.6.6 refuses syntax current Packer accepts (pack: 0). */
  packer: 0 | 1 | 'newer';
  /** pack's stderr must match (warnings or errors). */
  says?: RegExp;
  env?: Record<string, string>;
}

const CASES: Record<string, Case> = {
  'auto var files of a folder, an undeclared one warned about': { args: ['auto-vars'], packer: 0, says: /^Warning: undefined variable "extra" set in var file auto-vars\/2\.auto\.pkrvars\.json/ },
  'undeclared variables in -var-file: a warning': { args: ['-var-file', 'cli.pkrvars.hcl', 'auto-vars'], packer: 0, says: /Warning: undefined variable "zzz" set in cli\.pkrvars\.hcl/ },
  'legacy JSON: undeclared variables in -var-file are ignored with a warning': { args: ['-var-file', 'legacy-vars.json', 'legacy-undeclared.json'], packer: 0, says: /^Warning: variable "shared" \(from -var-file legacy-vars\.json\) is not declared[^\n]*\n$/ },
  'duplicate variable blocks': { args: ['duplicate-variable.pkr.hcl'], packer: 1, says: /duplicate-variable\.pkr\.hcl:4:1: .*duplicate variable "x"/ },
  'a string where HCL2 needs a list': { args: ['inline-string.pkr.hcl'], packer: 1, says: /inline-string\.pkr\.hcl:7:5: .*"inline": list of string required/ },
  'build {} alone': { args: ['build-empty.pkr.hcl'], packer: 0 },
  'a variables-only file': { args: ['variables-only.pkr.hcl'], packer: 0 },
  'sources. prefix': { args: ['sources-prefix.pkr.hcl'], packer: 0 },
  'dynamic provisioner blocks': { args: ['dynamic-provisioner.pkr.hcl'], packer: 0 },
  'env() in a variable default': { args: ['env-default.pkr.hcl'], packer: 0, env: { PACK_TEST_HOME: '/h' } },
  'env() outside variable defaults': { args: ['env-in-local.pkr.hcl'], packer: 1, says: /env-in-local\.pkr\.hcl:2:3: local\.home: .*env\(\) is only available in a variable's default/ },
  'components pack lacks versus typos': {
    args: ['unsupported.pkr.hcl'],
    packer: 1,
    // amazon-ebs.web goes to Packer (-engine=auto), whose own verdict is read back; ansible is pack's own.
    says: /unsupported\.pkr\.hcl:4:1: source\.nul\.typo: unknown builder type "nul"\. Did you mean "null"\?\n[\s\S]*\(ansible\)\.playbook_file: "site\.yml" does not exist[\s\S]*\(packer validate\)\n$/,
  },
  'required_plugins: built-in plugins satisfied, others named': { args: ['newer/required-plugins.pkr.hcl'], packer: 'newer', says: /^Warning: newer\/required-plugins\.pkr\.hcl:1:1: required plugin "amazon" \(github\.com\/hashicorp\/amazon\) is not built into pack[^\n]*\n$/ },
  'hcp_packer_registry (top level) and packer.versionFingerprint: accepted, with a warning that pack publishes nothing': {
    args: ['newer/hcp-registry.pkr.hcl'],
    packer: 'newer',
    says: /^Warning: newer\/hcp-registry\.pkr\.hcl:1:1: hcp_packer_registry: pack does not publish builds to HCP Packer[^\n]*\n$/,
  },
  'hcp_packer_registry in a build block: its bucket_name checked as Packer does': {
    args: ['newer/hcp-registry-in-build.pkr.hcl'],
    packer: 1,
    says: /^Error: 1 error occurred:\n\t\* newer\/hcp-registry-in-build\.pkr\.hcl:6:3: hcp_packer_registry\.bucket_name: can only contain between 3 and 36 ASCII letters, numbers and hyphens, not "not a bucket name!"\n$/,
  },
  'an unset list variable: reported once, not again where a list is needed': {
    args: ['unset-list-variable.pkr.hcl'],
    packer: 1,
    says: /^Error: 1 error occurred:\n\t\* unset-list-variable\.pkr\.hcl:1:1: variable "env": required variable "env" is not set[^\n]*\n$/,
  },
  'unset variables end the check, as in Packer: none of their uses fails too (parseint(""), an object\'s attribute)': {
    args: ['unset-used-variables.pkr.hcl'],
    packer: 1,
    says: /^Error: 2 errors occurred:\n\t\* unset-used-variables\.pkr\.hcl:1:1: variable "n": required variable "n" is not set[^\n]*\n\t\* unset-used-variables\.pkr\.hcl:2:1: variable "o": required variable "o" is not set[^\n]*\n$/,
  },
  '{{user}} in an HCL2 component field: refused, as Packer renders Go templates there too': {
    args: ['go-template-user.pkr.hcl'],
    packer: 1,
    says: /go-template-user\.pkr\.hcl:9:5: provisioner "shell-local"\.inline\[0\]: template error: \{\{user `x`\}\}: \{\{user\}\} is not available in HCL2 templates: use var\.NAME/,
  },
  'a data source pack cannot run: reported once, not again in the locals and sources that use it': {
    args: ['failed-data-once.pkr.hcl'],
    packer: 1,
    says: /^Error: 1 error occurred:\n\t\* failed-data-once\.pkr\.hcl:1:1: data\.nosuch-lookup\.x: unknown data source type "nosuch-lookup"[^\n]*\n$/,
  },
  "components of a required plugin pack lacks: Packer's, not typos (-engine=pack says so)": {
    args: ['-engine=pack', 'newer/plugin-components.pkr.hcl'],
    packer: 1,
    says: /^Error: 1 error occurred:\n\t\* newer\/plugin-components\.pkr\.hcl:10:1: source\.acme-vm\.x: the builder "acme-vm" comes from the plugin github\.com\/example\/acme \(required_plugins "acme"\), which pack does not have \(-engine=pack\); leave -engine out[^\n]*\n$/,
  },
  'required_version met by current Packer': { args: ['newer/required-version-1.7.pkr.hcl'], packer: 'newer' },
  'data "null", local blocks, templatefile, strcontains': { args: ['newer/data-and-locals.pkr.hcl'], packer: 'newer' },
  'a data source pack lacks': { args: ['newer/data-unsupported.pkr.hcl'], packer: 1, says: /data source type "amazon-ami" is a Packer component \(plugin github\.com\/hashicorp\/amazon\) not supported by pack/ },
};

describe('pack validate on templates as people write them, beside Packer 1.6.6', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const packer = runPacker(['validate', ...c.args], DIR);
      expect(packer.code, `packer said:\n${packer.out}`).toBe(c.packer === 'newer' ? 1 : c.packer);
      const pack = await runPack(['validate', ...c.args], { cwd: DIR, env: c.env });
      const want = c.packer === 'newer' ? 0 : c.packer;
      expect(pack.code, `pack said:\n${pack.stdout}${pack.stderr}`).toBe(want);
      expect(pack.stderr).not.toMatch(STACK_TRACE);
      if (c.says) expect(pack.stderr).toMatch(c.says);
      else expect(pack.stderr).toBe('');
      if (want === 1) expect(pack.stderr).toMatch(/^Error: \d+ errors? occurred:/);
    });
  }
});

describe('where Packer 1.6.6 is the odd one out', () => {
  it("duplicate locals across a folder's files: refused, as current Packer does (1.6.6 does not check)", async () => {
    expect(runPacker(['validate', 'duplicate-locals'], DIR).code).toBe(0);
    const pack = await runPack(['validate', 'duplicate-locals'], { cwd: DIR });
    expect(pack.code).toBe(1);
    expect(pack.stderr).toBe('Error: 1 error occurred:\n\t* duplicate-locals/b.pkr.hcl:1:1: local.greeting: duplicate local "greeting"\n');
  });
});

describe('components of a required plugin', () => {
  it('are named with their plugin, not as typos, when pack checks the template itself', async () => {
    const e = await prepareTemplate(join(DIR, 'newer/plugin-components.pkr.hcl'), noInputs).catch((x: Error) => x);
    expect(String(e)).toMatch(/source\.acme-vm\.x: the builder "acme-vm" comes from the plugin github\.com\/example\/acme \(required_plugins "acme"\), which pack does not have: run it through Packer/);
    expect(String(e)).not.toMatch(/unknown (builder|provisioner) type/);
  });
});

describe('values as Packer gives them', () => {
  const shellInline = (p: { config: Record<string, unknown> }) => p.config.inline;

  it('auto var files in Packer order (HCL, then JSON, then -var-file), path.root relative', async () => {
    const dir = join(DIR, 'auto-vars');
    let r = await prepareTemplate(dir, noInputs);
    expect(r.variables).toMatchObject({ a: 'from-hcl', b: 'json' });
    r = await prepareTemplate(dir, { ...noInputs, varFiles: [join(DIR, 'cli.pkrvars.hcl')] });
    expect(r.variables.b).toBe('cli');
  });
  it('Go templates in HCL2 component fields render as Packer renders them; run-time fields stay for run time', async () => {
    const r = await prepareTemplate(join(DIR, 'go-templates.pkr.hcl'), noInputs);
    const p = r.template.builds[0].provisioners[0];
    expect(p.config.inline).toEqual(['echo x null LOUD b']);
    expect(p.config.execute_command).toEqual(['/bin/sh', '-c', '{{.Vars}} /bin/sh {{.Script}}']);
  });
  it("leaves the Go templates of Packer's components to Packer, which reads the template itself", () => {
    const problems: Problem[] = [];
    const t = { dir: DIR } as Template;
    const b = {
      name: 'amazon-ebs.x', builderName: 'x', sourceName: 'amazon-ebs.x', builderType: 'amazon-ebs',
      config: { ami_name: 'x {{ vault `secret/x` `k` }}' },
      communicator: { type: 'ssh', config: { ssh_username: '{{ build_name }}' } },
      provisioners: [{ type: 'shell-local', config: { inline: ['echo {{ build_type }}'] } }],
      postProcessors: [[{ type: 'vagrant-cloud', config: { box_tag: '{{ timestamp }}' } }]],
    } as unknown as BuildDef;
    const out = interpolateHclBuild(t, b, problems);
    expect(problems).toEqual([]);
    expect(out.config.ami_name).toBe('x {{ vault `secret/x` `k` }}');
    expect(out.communicator.config.ssh_username).toBe('x');
    expect(out.provisioners[0].config.inline).toEqual(['echo amazon-ebs']);
    expect(out.postProcessors[0][0].config.box_tag).toBe('{{ timestamp }}');
  });
  it('dynamic blocks expand in place with their iterator', async () => {
    const r = await prepareTemplate(join(DIR, 'dynamic-provisioner.pkr.hcl'), noInputs);
    expect(r.template.builds[0].provisioners.map(shellInline)).toEqual([['echo first'], ['echo 0 one x'], ['echo 1 two x']]);
  });
  it('env() defaults and path.root (the template folder as given, relative)', async () => {
    process.env.PACK_TEST_HOME = '/home/t';
    try {
      const rel = 'test/fixtures/templates/hcl-language/env-default.pkr.hcl';
      const r = await prepareTemplate(rel, noInputs);
      expect(r.template.builds[0].provisioners.map(shellInline)).toEqual([[`echo /home/t ${'test/fixtures/templates/hcl-language'.toUpperCase()}`]]);
    } finally {
      delete process.env.PACK_TEST_HOME;
    }
  });
  it('data "null", local blocks (sensitive) and templatefile', async () => {
    const r = await prepareTemplate(join(DIR, 'newer/data-and-locals.pkr.hcl'), noInputs);
    expect(r.template.builds[0].provisioners.map(shellInline)).toEqual([['echo hello pack! true <a><b>']]);
    expect(r.sensitiveValues).toContain('hello pack!');
  });
  it('data "http" reads a URL (body and headers)', async () => {
    const server: Server = createServer((req, res) => {
      res.setHeader('x-from', 'test');
      res.end(req.url === '/v' ? '1.2.3' : 'nope');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'pack-http-'));
    try {
      const file = join(dir, 't.pkr.hcl');
      writeFileSync(file, `data "http" "v" {\n  url = "http://127.0.0.1:${port}/v"\n}\nsource "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n  provisioner "shell-local" {\n    inline = ["echo \${data.http.v.body} \${data.http.v.response_headers["x-from"]}"]\n  }\n}\n`);
      const r = await prepareTemplate(file, noInputs);
      expect(r.template.builds[0].provisioners.map(shellInline)).toEqual([['echo 1.2.3 test']]);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('buildsNeedingPacker names the builds and the components pack lacks', async () => {
    const t = await loadTemplate(join(DIR, 'unsupported.pkr.hcl'));
    expect(Object.fromEntries(buildsNeedingPacker(t))).toEqual({
      // ansible is a pack provisioner now: only the builders are missing.
      'amazon-ebs.web': [{ kind: 'builder', type: 'amazon-ebs', plugin: 'github.com/hashicorp/amazon' }],
      'nul.typo': [{ kind: 'builder', type: 'nul', plugin: undefined }],
    });
    const d = await loadTemplate(join(DIR, 'newer/data-unsupported.pkr.hcl'));
    expect(buildsNeedingPacker(d).get('null.x')).toEqual([{ kind: 'data-source', type: 'amazon-ami', plugin: 'github.com/hashicorp/amazon' }]);
  });
});
