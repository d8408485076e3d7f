// As in Packer, -only/-except choose the builds before they are checked: a broken build that
// was not asked for does not stop the one that was; building it (or all) reports its error.
import { test, expect } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPack } from '../helpers/pack.js';

test('-only builds a valid build beside an invalid one; without it the error is reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-only-'));
  try {
    writeFileSync(
      join(dir, 't.json'),
      JSON.stringify({
        builders: [
          { type: 'null', name: 'good', communicator: 'none' },
          { type: 'null', name: 'bad', communicator: 'none', nope: 1 },
        ],
        provisioners: [{ type: 'shell-local', inline: ['echo hi from {{build_name}}'] }],
      }),
    );
    const only = await runPack(['build', '-only=good', 't.json'], { cwd: dir });
    expect(only.stdout).toContain('    good: hi from good');
    expect(only.code).toBe(0);
    const except = await runPack(['build', '-except=good', 't.json'], { cwd: dir });
    expect(except.code).toBe(1);
    expect(except.stderr).toContain('unknown configuration key "nope"');
    const all = await runPack(['build', 't.json'], { cwd: dir });
    expect(all.code).toBe(1);
    expect(all.stderr).toContain('builders[1] (bad).nope');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
