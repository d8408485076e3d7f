// pack fmt against packer fmt (HCL), YAML comments kept, -check exit codes; inspect and schema output;
// and validate's bundle free of UI libraries.
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync, writeFileSync, readdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPack, REPO_ROOT } from '../helpers/pack.js';
import { requirePacker, runPacker, tempDir, STACK_TRACE } from './tools.js';

const tmp = tempDir('fmt');
afterAll(() => tmp.cleanup());

const FMT_FIXTURES = join(REPO_ROOT, 'test/fixtures/templates/fmt');

describe('pack fmt', () => {
  it('writes HCL exactly as packer fmt does (layout, alignment, spacing, comments, heredocs)', async () => {
    requirePacker();
    for (const f of readdirSync(FMT_FIXTURES)) {
      copyFileSync(join(FMT_FIXTURES, f), join(tmp.dir, `a-${f}`));
      copyFileSync(join(FMT_FIXTURES, f), join(tmp.dir, `b-${f}`));
      expect(runPacker(['fmt', `a-${f}`], tmp.dir).code).toBe(0);
      const r = await runPack(['fmt', `b-${f}`], { cwd: tmp.dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`b-${f}\n`);
      expect(readFileSync(join(tmp.dir, `b-${f}`), 'utf8'), f).toBe(readFileSync(join(tmp.dir, `a-${f}`), 'utf8'));
    }
  });

  it('leaves the fixtures packer fmt considers canonical unchanged', async () => {
    const src = join(REPO_ROOT, 'test/fixtures/templates/verdicts/accept');
    for (const f of readdirSync(src).filter((x) => x.endsWith('.pkr.hcl'))) {
      copyFileSync(join(src, f), join(tmp.dir, `p-${f}`));
      copyFileSync(join(src, f), join(tmp.dir, `q-${f}`));
      runPacker(['fmt', `p-${f}`], tmp.dir);
      await runPack(['fmt', `q-${f}`], { cwd: tmp.dir });
      expect(readFileSync(join(tmp.dir, `q-${f}`), 'utf8'), f).toBe(readFileSync(join(tmp.dir, `p-${f}`), 'utf8'));
    }
  });

  it('-write=false, -diff and -check print what packer fmt prints: the names of the files it would change, then their diff', async () => {
    requirePacker();
    const messy = 'source "null" "x" {\ncommunicator="none"\n}\n';
    for (const flags of [['-write=false'], ['-write=false', '-diff'], ['-diff'], ['-check'], ['-check', '-diff']]) {
      writeFileSync(join(tmp.dir, 'w.pkr.hcl'), messy);
      const ref = runPacker(['fmt', ...flags, 'w.pkr.hcl'], tmp.dir);
      const refText = readFileSync(join(tmp.dir, 'w.pkr.hcl'), 'utf8');
      writeFileSync(join(tmp.dir, 'w.pkr.hcl'), messy);
      const r = await runPack(['fmt', ...flags, 'w.pkr.hcl'], { cwd: tmp.dir });
      expect([r.code, r.stdout + r.stderr], flags.join(' ')).toEqual([ref.code, ref.out]);
      expect(readFileSync(join(tmp.dir, 'w.pkr.hcl'), 'utf8'), flags.join(' ')).toBe(refText);
    }
  });

  it('keeps YAML comments, re-indents JSON, and -check exits 3 listing what needs formatting', async () => {
    writeFileSync(join(tmp.dir, 'c.yaml'), '# top comment\nbuilders:\n    - type: "null"   # inline comment\n      communicator: none\n');
    writeFileSync(join(tmp.dir, 'd.json'), '{"builders":[{"type":"null","communicator":"none"}]}');
    const check = await runPack(['fmt', '-check', 'c.yaml', 'd.json'], { cwd: tmp.dir });
    expect(check.code).toBe(3);
    expect(check.stdout).toBe('c.yaml\nd.json\n');
    const diff = await runPack(['fmt', '-diff', '-write=false', 'c.yaml'], { cwd: tmp.dir });
    expect(diff.stdout).toMatch(/^-    - type: "null"   # inline comment$/m);
    expect(diff.stdout).toMatch(/^\+  - type: "null" # inline comment$/m);
    expect((await runPack(['fmt', 'c.yaml', 'd.json'], { cwd: tmp.dir })).code).toBe(0);
    expect(readFileSync(join(tmp.dir, 'c.yaml'), 'utf8')).toBe('# top comment\nbuilders:\n  - type: "null" # inline comment\n    communicator: none\n');
    expect(readFileSync(join(tmp.dir, 'd.json'), 'utf8')).toMatch(/^\{\n  "builders": \[\n    \{\n      "type": "null",/);
    const again = await runPack(['fmt', '--check', 'c.yaml', 'd.json'], { cwd: tmp.dir });
    expect([again.code, again.stdout]).toEqual([0, '']);
  });

  it('a lone CR (no LF after it): refused between tokens, in a string, in a heredoc and at the end; kept in comments, as packer fmt', async () => {
    requirePacker();
    const cases: Record<string, string> = {
      between: 'locals {\n  a = 1\r  b = 2\n}\n',
      'after-brace': 'variable "a" {\r  default = "x"\n}\n',
      string: 'locals {\n  a = "x\ry"\n}\n',
      heredoc: 'locals {\n  a = <<EOF\nx\ry\nEOF\n}\n',
      end: 'locals {\r\n  a = 1\r\n}\r\n\r',
      'line-comment': 'locals {\n  a = 1 // x\ry\n}\n',
      'hash-comment': 'variable "a" {\ndefault = "x" # note\rmore\n}\n',
      'block-comment': 'locals {\n  a = 1 /* x\ry */\n}\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      writeFileSync(join(tmp.dir, `cr-a-${name}.pkr.hcl`), text);
      writeFileSync(join(tmp.dir, `cr-b-${name}.pkr.hcl`), text);
      const ref = runPacker(['fmt', `cr-a-${name}.pkr.hcl`], tmp.dir);
      const r = await runPack(['fmt', `cr-b-${name}.pkr.hcl`], { cwd: tmp.dir });
      expect(r.code, `${name}: ${r.stderr}`).toBe(ref.code);
      expect(r.stderr, name).not.toMatch(STACK_TRACE);
      if (ref.code !== 0) expect(r.stderr, name).toMatch(new RegExp(`cr-b-${name}\\.pkr\\.hcl:\\d+:\\d+: HCL syntax error`));
      expect(readFileSync(join(tmp.dir, `cr-b-${name}.pkr.hcl`), 'utf8'), name).toBe(readFileSync(join(tmp.dir, `cr-a-${name}.pkr.hcl`), 'utf8'));
    }
  });

  it('refuses a file it cannot parse, with its position', async () => {
    writeFileSync(join(tmp.dir, 'e.pkr.hcl'), 'build {\n  x = \n}\n');
    const r = await runPack(['fmt', 'e.pkr.hcl'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/e\.pkr\.hcl:2:\d+: HCL syntax error/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(readFileSync(join(tmp.dir, 'e.pkr.hcl'), 'utf8')).toBe('build {\n  x = \n}\n');
  });
});

describe('pack inspect', () => {
  it('shows description, variables with sensitive values masked, builds, provisioners, post-processors', async () => {
    writeFileSync(
      join(tmp.dir, 'i.json'),
      JSON.stringify({
        description: 'Demo template',
        variables: { a: '1', req: null, pw: 'hunter2' },
        'sensitive-variables': ['pw'],
        builders: [{ type: 'null', communicator: 'none' }, { type: 'null', name: 'two', communicator: 'none' }],
        provisioners: [{ type: 'shell-local', inline: ['echo'] }],
        'post-processors': ['manifest', [{ type: 'checksum' }, { type: 'compress', output: 'a.tgz' }]],
      }),
    );
    const r = await runPack(['inspect', 'i.json'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Description:\n\nDemo template\n');
    expect(r.stdout).toContain('Required variables:\n\n  req\n');
    expect(r.stdout).toMatch(/  pw  = <sensitive>\n/);
    expect(r.stdout).not.toContain('hunter2');
    expect(r.stdout).toContain('Builders:\n\n  null\n  two   (null)\n');
    expect(r.stdout).toContain('Provisioners:\n\n  shell-local\n');
    expect(r.stdout).toContain('Post-processors:\n\n  0:\n    manifest\n  1:\n    checksum\n    compress\n');
  });
  it("-machine-readable: Packer 1.6.6's template-variable, template-builder and template-provisioner rows, in its order", async () => {
    requirePacker();
    // i.json is the template the test above writes.
    const rows = (out: string) => out.split('\n').filter((l) => l && !l.includes(',ui,say,')).map((l) => l.replace(/^\d+,/, ''));
    const theirs = runPacker(['inspect', '-machine-readable', 'i.json'], tmp.dir);
    const ours = await runPack(['inspect', '-machine-readable', 'i.json'], { cwd: tmp.dir });
    expect(ours.code).toBe(0);
    expect(rows(ours.stdout)).toEqual(rows(theirs.out));
    expect(rows(ours.stdout)).toContain(',template-variable,pw,<sensitive>,0');
    expect(ours.stdout).toMatch(/^\d+,,ui,say,Pack Inspect: JSON mode\\n/m);
  });
  it('shows HCL2 variables (masked), locals and builds', async () => {
    writeFileSync(
      join(tmp.dir, 'i.pkr.hcl'),
      'variable "pw" {\n  default   = "hunter2"\n  sensitive = true\n}\nlocals {\n  l = upper("x")\n}\nsource "null" "a" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.a"]\n  provisioner "shell-local" {\n    inline = ["echo"]\n  }\n}\n',
    );
    const r = await runPack(['inspect', 'i.pkr.hcl'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('var.pw: "<sensitive>"');
    expect(r.stdout).toContain('local.l: "X"');
    expect(r.stdout).toContain('  > null.a:');
    expect(r.stdout).not.toContain('hunter2');
  });
});

describe('pack schema', () => {
  it('prints a JSON Schema that lists every registered component', async () => {
    const r = await runPack(['schema']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.$schema).toMatch(/json-schema\.org/);
    expect(s.properties.builders.items.properties.type.enum).toEqual(expect.arrayContaining(['null', 'file']));
    expect(s.properties.provisioners.items.properties.type.enum).toEqual(expect.arrayContaining(['shell', 'shell-local', 'file', 'breakpoint', 'sleep']));
    const file = s.properties.builders.items.allOf.find((v: { if: { properties: { type: { const: string } } } }) => v.if.properties.type.const === 'file');
    expect(file.then.required).toContain('target');
  });

  it('refuses an argument (it writes no file) and says how to save the schema', async () => {
    const r = await runPack(['schema', 'schema.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('pack schema takes no arguments (got "schema.json"); to save it: pack schema > pack.schema.json');
  });
});

describe('the validate bundle', () => {
  it('statically imports no UI library (ink, react, listr2)', () => {
    const dist = join(REPO_ROOT, 'dist');
    const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
    const start = files.find((f) => readFileSync(join(dist, f), 'utf8').includes('Validate only these builds'));
    expect(start, 'the chunk holding pack validate').toBeTruthy();
    const seen = new Set<string>();
    const queue = [start!];
    while (queue.length) {
      const f = queue.shift()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const text = readFileSync(join(dist, f), 'utf8');
      // Static imports only: `import ... from "./x.js"` / `import "./x.js"`, not import().
      for (const m of text.matchAll(/(?:^|[;\n])\s*import\s*(?:[^"';]*?from\s*)?["']\.\/([^"']+)["']/g)) queue.push(m[1]);
    }
    for (const f of seen) {
      const text = readFileSync(join(dist, f), 'utf8');
      expect(text, `${f} holds React`).not.toMatch(/react\.(production|development)|__CLIENT_INTERNALS_DO_NOT_USE/);
      expect(text, `${f} holds Ink`).not.toMatch(/Raw mode is not supported/);
      expect(text, `${f} holds listr2`).not.toMatch(/ListrTaskEventType|class Listr\b/);
    }
  });
});
