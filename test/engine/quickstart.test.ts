// The README's first command builds templates/quickstart.yaml; it must work on any machine,
// and a second run must not trip over the first one's outputs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runPack } from '../helpers/pack.js';
import { requireTool, workdir } from './tools.js';
import { execFileSync } from 'node:child_process';

const wd = workdir();
afterAll(() => wd.remove());

describe('templates/quickstart.yaml', () => {
  it('builds, and builds again over its own outputs', async () => {
    const template = join(REPO_ROOT, 'templates', 'quickstart.yaml');
    for (const run of [1, 2]) {
      const r = await runPack(['build', template], { cwd: wd.dir });
      expect(r.code, `run ${run}:\n${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('    quickstart: Hello from pack');
      expect(r.stdout).toContain('--> quickstart: compressed artifacts in: output-quickstart/quickstart.tar.gz');
    }
    const out = join(wd.dir, 'output-quickstart');
    const hello = readFileSync(join(out, 'hello.txt'));
    // As Packer, each run appends its line to the checksum file.
    expect(readFileSync(join(out, 'quickstart_sha256.checksum'), 'utf8')).toBe(
      `${createHash('sha256').update(hello).digest('hex')}\thello.txt\n`.repeat(2),
    );
    const listing = execFileSync(requireTool('tar'), ['-tzf', join(out, 'quickstart.tar.gz')], { encoding: 'utf8' });
    expect(listing.split('\n').filter(Boolean)).toEqual(['hello.txt', 'quickstart_sha256.checksum']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.builds).toHaveLength(2);
  });
});
