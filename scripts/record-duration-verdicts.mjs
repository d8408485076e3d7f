#!/usr/bin/env node
// Records Packer 1.6.6's verdict and meaning for duration values (test/fixtures/durations/
// packer-1.6.6.json). Each value goes into a shell-local provisioner's `timeout`, a time.Duration
// decoded like every duration field (validate and build give the same verdicts for sleep's
// `duration`, `pause_before`, ssh_timeout, boot_wait, shutdown_timeout...); Packer prints the
// decoded value in Go's Duration.String() ("Setting a 500ms timeout"), which is its meaning.
// Run by hand where /usr/bin/packer is 1.6.6: node scripts/record-duration-verdicts.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VALUES = [
  '.5s', '1µs', '1μs', '1us', '-1s', '+2m', '1h2m3.5s', '10', '5', '0', '-0', '', ' 5s', '5s ', '5 s', '1.s', '.s', '.', '-', '+',
  '1m1m', '1d', '1e3s', '1.5', '0x10s', 'µs', '1ns', '1.0000000001s', '300ms', '2h45m', '1.5h', '5m0s', '1h-1m', '1_000s',
  '2562047h47m16.854775807s', '2562047h47m16.854775808s', 'soon', '10S', '1H', '٣s',
  10, 5, 0, 1.9, -3, 2000000000, 1e21, true, false,
];

const version = execFileSync('packer', ['version'], { encoding: 'utf8' }).trim();
const dir = mkdtempSync(join(tmpdir(), 'durations-'));
const verdicts = [];
try {
  for (const value of VALUES) {
    const t = { builders: [{ type: 'null', communicator: 'none' }], provisioners: [{ type: 'shell-local', inline: ['true'], timeout: value }] };
    writeFileSync(join(dir, 't.json'), JSON.stringify(t));
    const r = spawnSync('packer', ['build', '-machine-readable', 't.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    const out = r.stdout + r.stderr;
    const printed = /Setting a (.*?) timeout/.exec(out)?.[1] ?? null;
    const error = /time: ([^\\\n]*)/.exec(out)?.[1] ?? null;
    verdicts.push({ value, accepted: error === null, printed, ...(error ? { error } : {}) });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const file = new URL('../test/fixtures/durations/packer-1.6.6.json', import.meta.url);
writeFileSync(file, JSON.stringify({ packer: version, field: 'provisioner timeout (time.Duration)', verdicts }, null, 1) + '\n');
console.log(`${verdicts.length} verdicts from ${version}`);
