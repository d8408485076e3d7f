// Times `pack init` from process start to the wizard's first frame, in a real pseudo-terminal (util-linux
// `script`), over several runs. Three figures per run:
//   - seen: from spawning `script` to the first screen's text arriving on the terminal (includes `script`,
//     its shell and an stty, so a little more than pack itself);
//   - painted: the first screen written, by the app's own clock (PACK_WIZARD_FIRST_FRAME=1 prints
//     performance.now(), milliseconds since the node process started). pack paints the start screen with plain
//     escape codes while Ink and React load;
//   - interactive: Ink's first render (it reads the keys typed meanwhile), by the same clock.
// The reference is a cold `node -e 0` and `pack version` on the same machine. Goal: first frame < 300 ms.
// Run after `npm run build`: node bench/wizard-start.mjs [runs]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packBin = join(root, 'bin', 'pack');
const runs = Number(process.argv[2] ?? 10);
if (spawnSync('sh', ['-c', 'command -v script']).status !== 0) {
  console.error('bench/wizard-start: needs script (Debian package util-linux)');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'pack-bench-wizard-'));
const FIRST_FRAME_TEXT = 'How do you want to start?';

function once() {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PACK_WIZARD_FIRST_FRAME: '1', COLUMNS: '120', LINES: '40' };
    delete env.CI;
    const start = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${process.execPath} ${packBin} init`, '/dev/null'], {
      cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let seen;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no first frame after 10 s:\n${out}`));
    }, 10_000);
    child.stdout.on('data', (d) => {
      out += d.toString();
      if (seen === undefined && out.includes(FIRST_FRAME_TEXT)) {
        seen = Number(process.hrtime.bigint() - start) / 1e6;
        child.stdin.write('\x03');
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      const self = /first-frame ([\d.]+)/.exec(out);
      const painted = /prepaint ([\d.]+)/.exec(out);
      if (seen === undefined || !self || !painted) reject(new Error(`no first frame:\n${out}`));
      else resolve({ seen, painted: Number(painted[1]), self: Number(self[1]) });
    });
  });
}

function timeCmd(cmd, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: dir, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}


try {
  await once(); // warm the file cache, as every later run is
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  const node0 = median(Array.from({ length: runs }, () => timeCmd(process.execPath, ['-e', '0'])));
  const version = median(Array.from({ length: runs }, () => timeCmd(process.execPath, [packBin, 'version'])));
  const seen = results.map((r) => r.seen);
  const painted = results.map((r) => r.painted);
  const self = results.map((r) => r.self);
  const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`pack init first frame, ${runs} runs in a pty:`);
  console.log(`  first screen painted (since node started): ${fmt(painted)}`);
  console.log(`  first screen seen on the terminal (from spawning script): ${fmt(seen)}`);
  console.log(`  interactive, Ink's first render (since node started): ${fmt(self)}`);
  console.log(`  node -e 0: ${node0.toFixed(0)} ms   pack version: ${version.toFixed(0)} ms (both from spawn)`);
  console.log(`  painted / goal 300 ms: ${(median(painted) / 300).toFixed(2)}   seen / goal: ${(median(seen) / 300).toFixed(2)}` +
    `   painted / pack version: ${(median(painted) / version).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
