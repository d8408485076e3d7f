// Warnings a component's check gives (CheckContext.warn), printed as Packer 1.6.6 prints its builders'
// prepare warnings: on stdout by `validate`, and before the builds by `build`. A build Packer checks
// (a component pack lacks: via-packer.json) keeps the warnings Packer gave.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runPack, REPO_ROOT } from '../helpers/pack.js';
import { requirePacker, tempDir, PACKER, STACK_TRACE } from './tools.js';

const SRC = join(REPO_ROOT, 'test/fixtures/templates/component-warnings');
const work = tempDir('component-warnings');
beforeAll(() => {
  requirePacker();
  cpSync(SRC, work.dir, { recursive: true });
});
afterAll(() => work.cleanup());

function packer(args: string[]) {
  const r = spawnSync(PACKER, args, { cwd: work.dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_LOG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Packer 1.6.6 names an HCL2 block's place but cannot show its line; pack shows it.
const withoutSnippet = (text: string) => text.replace(/^ {3}\d+: .*$/gm, '  (source code not available)');

const files = readdirSync(SRC).filter((f) => /\.(json|pkr\.hcl)$/.test(f)).sort();

describe('component warnings, as Packer 1.6.6 prints them', () => {
  for (const file of files) {
    it(`validate ${file}: the same warnings on stdout, exit 0`, async () => {
      const ref = packer(['validate', file]);
      expect(ref.code, ref.stdout + ref.stderr).toBe(0);
      expect(ref.stdout).toMatch(/^Warning: /);
      const pack = await runPack(['validate', file], { cwd: work.dir });
      expect(pack.code, pack.stderr).toBe(0);
      expect(pack.stderr).toBe('');
      expect(withoutSnippet(pack.stdout)).toBe(ref.stdout);
      if (file.endsWith('.hcl')) expect(pack.stdout).toMatch(/^ {3}1: source "file" "x" \{$/m);
    });
  }

  it('build prints them before the builds start, as Packer does (plain and -machine-readable)', async () => {
    const file = 'file-blank.json';
    const block = packer(['validate', file]).stdout;
    const ref = packer(['build', '-color=false', file]);
    expect(ref.code, ref.stdout + ref.stderr).toBe(0);
    expect(ref.stdout.startsWith(block)).toBe(true);
    const pack = await runPack(['build', '-color=false', file], { cwd: work.dir });
    expect(pack.code, pack.stderr).toBe(0);
    expect(pack.stdout.startsWith(block), pack.stdout).toBe(true);
    expect(pack.stdout).not.toMatch(STACK_TRACE);
    const machine = await runPack(['build', '-machine-readable', file], { cwd: work.dir });
    const say = (out: string) => out.split('\n').find((l) => l.includes('Warning when preparing'))?.replace(/^\d+,/, '');
    expect(say(machine.stdout)).toBe(say(packer(['build', '-machine-readable', file]).stdout));
    expect(say(machine.stdout)).toContain('Both source file and contents are blank; target will have no content');
  });
});
