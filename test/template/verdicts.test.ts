// Packer 1.6.6 is the reference: the same templates must get the same verdict from `pack validate`.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runPack, REPO_ROOT } from '../helpers/pack.js';
import { requirePacker, runPacker, STACK_TRACE } from './tools.js';

const ROOT = join(REPO_ROOT, 'test/fixtures/templates/verdicts');
const list = (sub: string) => readdirSync(join(ROOT, sub)).filter((f) => /\.(json|pkr\.hcl)$/.test(f)).sort();

beforeAll(() => requirePacker());
afterAll(() => {
  for (const sub of ['accept', 'reject', 'warns']) {
    rmSync(join(ROOT, sub, 'packer_cache'), { recursive: true, force: true });
    rmSync(join(ROOT, sub, 'crash.log'), { force: true });
  }
});

describe('pack validate gives Packer 1.6.6 verdicts', () => {
  for (const sub of ['accept', 'reject'] as const) {
    for (const file of list(sub)) {
      it(`${sub}/${file}`, async () => {
        const cwd = join(ROOT, sub);
        const packer = runPacker(['validate', file], cwd);
        const pack = await runPack(['validate', file], { cwd });
        expect(packer.code, `packer said:\n${packer.out}`).toBe(sub === 'accept' ? 0 : 1);
        expect(pack.code, `pack said:\n${pack.stdout}${pack.stderr}`).toBe(packer.code);
        if (sub === 'accept') expect(pack.stdout + pack.stderr).toBe('');
        else {
          expect(pack.stderr).toMatch(/^Error: \d+ errors? occurred:/);
          expect(pack.stderr).not.toMatch(STACK_TRACE);
        }
      });
    }
  }
  for (const file of list('warns')) {
    it(`warns/${file}: Packer accepts silently, pack accepts with a warning`, async () => {
      const cwd = join(ROOT, 'warns');
      expect(runPacker(['validate', file], cwd).code).toBe(0);
      const pack = await runPack(['validate', file], { cwd });
      expect(pack.code, pack.stderr).toBe(0);
      expect(pack.stderr).toMatch(/^Warning: \{\{user `nope`\}\} names a variable that "variables" does not declare: it renders as an empty string/);
    });
  }
});
