// Times `pack validate` against `packer validate` (1.6.6) on templates with many variables, in one
// run: 5,000 and 40,000 plain JSON variables, 1,000 chained JSON variables (each default reads the
// one before), 2,000 chained HCL2 locals. Variables and locals resolve in one walk of their
// dependency graph; goal: pack no slower than Packer on every case. Packer 1.6.6 gives up on a
// chain of locals longer than about 100 ("does not have an attribute"): its time is still shown.
// Run after `npm run build`: node bench/variables.mjs [runs]   (big cases run once: Packer takes long)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timeCommand } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packBin = join(root, 'bin', 'pack');
const runs = Number(process.argv[2] ?? 3);
const which = spawnSync('sh', ['-c', 'command -v packer']);
if (which.status !== 0) {
  console.error('bench/variables: needs packer (Debian package packer)');
  process.exit(1);
}
const packer = which.stdout.toString().trim();
const dir = mkdtempSync(join(tmpdir(), 'pack-bench-vars-'));
const builders = [{ type: 'null', communicator: 'none' }];

function plain(n) {
  const variables = {};
  for (let i = 0; i < n; i++) variables[`v${i}`] = `value ${i}`;
  return JSON.stringify({ variables, builders });
}
function chained(n) {
  const variables = { v0: 'start' };
  for (let i = 1; i < n; i++) variables[`v${i}`] = `{{user \`v${i - 1}\`}}`;
  return JSON.stringify({ variables, builders });
}
function chainedLocals(n) {
  const lines = ['locals {', '  l0 = "start"'];
  for (let i = 1; i < n; i++) lines.push(`  l${i} = local.l${i - 1}`);
  lines.push('}', 'source "null" "x" {', '  communicator = "none"', '}', 'build {', '  sources = ["source.null.x"]', '}', '');
  return lines.join('\n');
}

const cases = [
  { label: '5,000 plain variables (JSON)', file: 'plain-5000.json', text: plain(5000), runs },
  { label: '40,000 plain variables (JSON)', file: 'plain-40000.json', text: plain(40000), runs: 1 },
  { label: '1,000 chained variables (JSON)', file: 'chained-1000.json', text: chained(1000), runs: 1 },
  { label: '2,000 chained locals (HCL2)', file: 'locals-2000.pkr.hcl', text: chainedLocals(2000), runs: 1 },
];

const env = { ...process.env, CHECKPOINT_DISABLE: '1' };

/** Packer's wall time; a refusal is timed too (and noted), since it is Packer's answer. */
function timePacker(file, c) {
  const start = process.hrtime.bigint();
  const r = spawnSync(packer, ['validate', file], { cwd: dir, env, stdio: 'ignore' });
  if (r.status !== 0) c.packerFailed = true;
  return Number(process.hrtime.bigint() - start) / 1e6;
}
let ok = true;
try {
  console.log(`${'case'.padEnd(34)} ${'pack ms'.padStart(9)} ${'packer ms'.padStart(10)}  ratio`);
  for (const c of cases) {
    writeFileSync(join(dir, c.file), c.text);
    const p = [];
    const k = [];
    for (let i = 0; i < c.runs; i++) {
      p.push(timeCommand(process.execPath, [packBin, 'validate', c.file], { cwd: dir, env }));
      k.push(timePacker(c.file, c));
    }
    const ratio = median(p) / median(k);
    // A case Packer refuses has no time of Packer's to beat; it is shown, not judged.
    if (ratio > 1 && !c.packerFailed) ok = false;
    const note = c.packerFailed ? '  (packer refuses it)' : '';
    console.log(`${c.label.padEnd(34)} ${median(p).toFixed(0).padStart(9)} ${median(k).toFixed(0).padStart(10)}  ${ratio.toFixed(2)}${note}`);
  }
  console.log(`goal: pack <= packer on every case Packer accepts: ${ok ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
