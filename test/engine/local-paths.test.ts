// Relative local paths in a template (scripts, sources) resolve one way everywhere: against the
// working folder first, as Packer does, then against the template's folder. Before this was
// shared, validate looked only beside the template and shell-local only in the working folder,
// so `pack build sub/t.json` passed validate and then failed to find the script.
import { test, expect } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPack } from '../helpers/pack.js';

test('a script and a source beside the template are found from another folder, at validate and at build', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-paths-'));
  try {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'run.sh'), '#!/bin/sh\necho from-the-script\n', { mode: 0o755 });
    writeFileSync(join(dir, 'sub', 'data.txt'), 'copied\n');
    writeFileSync(
      join(dir, 'sub', 't.json'),
      JSON.stringify({
        builders: [{ type: 'file', source: 'data.txt', target: 'out/data.txt' }],
        provisioners: [{ type: 'shell-local', script: 'run.sh' }],
      }),
    );
    const validate = await runPack(['validate', 'sub/t.json'], { cwd: dir });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    const build = await runPack(['build', 'sub/t.json'], { cwd: dir });
    expect(build.stdout).toContain('    file: from-the-script');
    expect(build.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'data.txt'), 'utf8')).toBe('copied\n');

    // A path found in neither folder is refused at validate, naming both places.
    writeFileSync(
      join(dir, 'sub', 'missing.json'),
      JSON.stringify({ builders: [{ type: 'null', communicator: 'none' }], provisioners: [{ type: 'shell-local', script: 'nope.sh' }] }),
    );
    const missing = await runPack(['validate', 'sub/missing.json'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('"nope.sh" does not exist (looked in the working folder and in the template\'s folder');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
