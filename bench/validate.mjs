// Times `pack version` against `node -e 0`, and `pack validate` against `packer validate` on the same
// templates (a 9-component JSON one and an HCL2 one), in one run. Prints medians and ratios.
// Goals: pack version within 1.6x of node -e 0; pack validate under 0.3x of packer validate's time.
// HCL2 runs with an empty XDG_CACHE_HOME each time (a first run; pack keeps no HCL parse cache since
// its own parser, src/template/hcl/native/, reads .pkr.hcl files). A second HCL2 row times a template
// that parser hands to hcl2json (a "~" strip marker), to show what that WebAssembly start costs; it
// has no goal.
// Usage: npm run build && node bench/validate.mjs [repetitions]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reps = Number(process.argv[2] ?? 15);
const PACKER = '/usr/bin/packer';
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  console.error(`GNU time is missing: ${TIME} (apt-get install time)`);
  process.exit(1);
}
if (!existsSync(PACKER)) {
  console.error(`packer is missing: ${PACKER} (apt-get install packer)`);
  process.exit(1);
}
if (!existsSync(join(root, 'dist/main.js'))) {
  console.error('dist/main.js is missing: run npm run build first');
  process.exit(1);
}
const fixtures = join(root, 'test/fixtures/templates/verdicts/accept');
const pack = join(root, 'bin/pack');
const env = { ...process.env, CHECKPOINT_DISABLE: '1' };

const scratch = mkdtempSync(join(tmpdir(), 'pack-bench-validate-'));
// named-builds.pkr.hcl plus a local with strip markers, which pack's own HCL parser leaves to hcl2json.
const fallbackDir = join(scratch, 'fallback');
mkdirSync(fallbackDir);
writeFileSync(join(fallbackDir, 'fallback.pkr.hcl'), readFileSync(join(fixtures, 'named-builds.pkr.hcl'), 'utf8') + '\nlocals {\n  stripped = "${~ var.x ~}"\n}\n');
const warmCache = join(scratch, 'warm');
let coldRuns = 0;

/** `cache`: 'cold' gives each run an empty XDG_CACHE_HOME; otherwise one shared (warm) cache. */
function timeOnce(cmd, args, cwd, cache) {
  const runEnv = { ...env, XDG_CACHE_HOME: cache === 'cold' ? join(scratch, `cold-${coldRuns++}`) : warmCache };
  const t0 = process.hrtime.bigint();
  // GNU time adds the CPU seconds (user + system, children included) as the last line of stderr.
  const r = spawnSync(TIME, ['-f', '%U %S', cmd, ...args], { cwd, env: runEnv, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpu: (user + sys) * 1000 };
}


/** Runs the pair alternately (so both see the same machine load) and returns their medians. */
function pair(label, a, b) {
  timeOnce(...a);
  timeOnce(...b); // warm the file cache
  const ta = [];
  const tb = [];
  for (let i = 0; i < reps; i++) {
    ta.push(timeOnce(...a));
    tb.push(timeOnce(...b));
  }
  const ma = median(ta.map((t) => t.ms));
  const mb = median(tb.map((t) => t.ms));
  const ca = median(ta.map((t) => t.cpu));
  const cb = median(tb.map((t) => t.cpu));
  return { label, a: ma, b: mb, ratio: ma / mb, cpuA: ca, cpuB: cb, cpuRatio: ca / cb };
}

const rows = [
  pair('pack version  vs node -e 0', [process.execPath, [pack, 'version'], root], [process.execPath, ['-e', '0'], root]),
  pair('pack validate vs packer validate (9 components, JSON)', [process.execPath, [pack, 'validate', 'nine-components.json'], fixtures], [PACKER, ['validate', 'nine-components.json'], fixtures]),
  pair('pack validate vs packer validate (HCL2)', [process.execPath, [pack, 'validate', 'named-builds.pkr.hcl'], fixtures, 'cold'], [PACKER, ['validate', 'named-builds.pkr.hcl'], fixtures]),
  pair('pack validate vs packer validate (HCL2 via hcl2json)', [process.execPath, [pack, 'validate', 'fallback.pkr.hcl'], fallbackDir, 'cold'], [PACKER, ['validate', 'fallback.pkr.hcl'], fallbackDir]),
];
rmSync(scratch, { recursive: true, force: true });

console.log(`median of ${reps} runs each: wall ms, and CPU ms (user + system; steadier on a busy machine)`);
for (const r of rows) {
  console.log(`${r.label.padEnd(60)} wall ${r.a.toFixed(0).padStart(6)} vs ${r.b.toFixed(0).padStart(6)} ratio ${r.ratio.toFixed(2)}   cpu ${r.cpuA.toFixed(0).padStart(5)} vs ${r.cpuB.toFixed(0).padStart(5)} ratio ${r.cpuRatio.toFixed(2)}`);
}
const [version, json, hcl, viaHcl2json] = rows;
const goal = (label, r, limit) => console.log(`goal: ${label} < ${limit}x: wall ${r.ratio < limit ? 'met' : 'NOT met'} (${r.ratio.toFixed(2)}x), cpu ${r.cpuRatio < limit ? 'met' : 'NOT met'} (${r.cpuRatio.toFixed(2)}x)`);
console.log(`goal: pack version <= 1.6x node -e 0: ${version.ratio <= 1.6 ? 'met' : 'NOT met'} (${version.ratio.toFixed(2)}x)`);
goal('pack validate vs packer validate (JSON)', json, 0.3);
goal('pack validate vs packer validate (HCL2)', hcl, 0.3);
console.log(`(no goal) HCL2 that pack's parser hands to hcl2json: ${viaHcl2json.ratio.toFixed(2)}x wall, ${viaHcl2json.cpuRatio.toFixed(2)}x cpu`);
