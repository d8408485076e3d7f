// max_retries written as a template ({{user `n`}}): Packer 1.6.6 renders it with the build and then reads
// the number, so pack takes it too (verdicts/accept/max-retries-from-variable.json holds Packer's verdict).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPack, stripAnsi } from '../helpers/pack.js';

function template(retries: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pack-max-retries-'));
  const path = join(dir, 't.json');
  // The script fails on its first two runs and succeeds on the third: it needs two retries.
  const script = `n=$(cat "${dir}/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${dir}/count"; test $n -ge 3`;
  writeFileSync(
    path,
    JSON.stringify({
      variables: { retries },
      builders: [{ type: 'null', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: [script], max_retries: '{{user `retries`}}' }],
    }),
  );
  return path;
}

describe('max_retries from a user variable', () => {
  it('is rendered and used as the retry count', async () => {
    const r = await runPack(['build', '-color=false', template('2')]);
    expect(r.code, stripAnsi(r.stdout + r.stderr)).toBe(0);
    const few = await runPack(['build', '-color=false', template('1')]);
    expect(few.code, stripAnsi(few.stdout + few.stderr)).toBe(1);
  });

  it('that renders to something other than a whole number is one clear problem naming the field', async () => {
    const r = await runPack(['validate', template('two')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('provisioners[0].max_retries: must be a whole number, not "two" (rendered from "{{user `retries`}}")');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
