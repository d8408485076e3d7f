// Heavy output under the live dashboard: a shell-local provisioner prints 20,000 lines a
// second for 5 s inside a real terminal (tmux). Checks that every line reaches the log
// file and that the screen keeps updating; prints pack's CPU time (its own process, from
// /proc/PID/stat, without the printing child) and peak memory (VmHWM), beside the same run
// with -plain output to the same terminal. BENCH_NODE_FLAGS passes flags to pack's node
// (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the time goes).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RATE = Number(process.env.BENCH_RATE ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PACK = resolve('bin/pack');
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS ?? '';
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

for (const tool of ['tmux']) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    console.error(`${tool} is not installed; the dashboard bench needs it`);
    process.exit(1);
  }
}
if (!existsSync('dist/main.js')) {
  console.error('dist/main.js is missing: run `npm run build` first');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'pack-bench-dash-'));
// Paced printer: RATE lines a second in 10 ms batches, for SECONDS.
writeFileSync(
  join(dir, 'flood.js'),
  `const rate=${RATE},secs=${SECONDS},batch=rate/100;let n=0;const t0=Date.now();
function tick(){const due=Math.min(rate*secs,Math.floor((Date.now()-t0)/1000*rate)+batch);let s='';
while(n<due){s+='line '+n+' of the flood, with some padding to look like real build output\\n';n++;}
process.stdout.write(s);if(n<rate*secs)setTimeout(tick,10);}tick();`,
);
writeFileSync(
  // YAML (JSON is YAML): pack's own format takes a provisioner's name, which Packer JSON refuses.
  join(dir, 'flood.yaml'),
  JSON.stringify({
    builders: [{ type: 'null', name: 'flood', communicator: 'none' }],
    provisioners: [{ type: 'shell-local', name: 'print 20k lines/s', inline: [`node ${join(dir, 'flood.js')}`] }],
  }),
);

const socket = `pack-bench-dash-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function procFigures(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS; // utime + stime
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpu, peakKb: hwm ? Number(hwm[1]) : 0 };
  } catch {
    return undefined;
  }
}

async function runOnce(label, extraFlags) {
  const logDir = join(dir, `logs-${label}`);
  const pidFile = join(dir, `pid-${label}`);
  rmSync(pidFile, { force: true });
  tmux('new-session', '-d', '-x', '120', '-y', '40', '-c', dir, 'env -u CI PS1="$ " bash --norc --noprofile');
  const cmd = `sh -c 'echo $$ > ${pidFile}; exec node ${NODE_FLAGS} ${PACK} build ${extraFlags} -log-dir ${logDir} flood.yaml'; echo BENCH-EXIT=$?`;
  tmux('send-keys', '-l', cmd);
  tmux('send-keys', 'Enter');
  let pid;
  for (let i = 0; i < 100 && !pid; i++) {
    await sleep(50);
    if (existsSync(pidFile)) pid = Number(readFileSync(pidFile, 'utf8').trim()) || undefined;
  }
  if (!pid) throw new Error('pack did not start');
  const started = Date.now();
  let last = { cpu: 0, peakKb: 0 };
  const screens = new Set();
  let samples = 0;
  let screen = '';
  // "The screen keeps updating": the longest time the screen stayed the same while pack ran.
  let lastScreen = '';
  let lastChange = Date.now();
  let maxStall = 0;
  for (;;) {
    const f = procFigures(pid);
    // Once pack exits, its zombie has no VmHWM line: keep the largest figures seen.
    if (f) last = { cpu: Math.max(last.cpu, f.cpu), peakKb: Math.max(last.peakKb, f.peakKb) };
    screen = tmux('capture-pane', '-p');
    if (/BENCH-EXIT=\d+/.test(screen)) break;
    if (f) {
      samples++;
      screens.add(screen);
      const now = Date.now();
      if (screen !== lastScreen) {
        maxStall = Math.max(maxStall, now - lastChange);
        lastScreen = screen;
        lastChange = now;
      }
    }
    if (Date.now() - started > 120_000) throw new Error('the run took over 2 minutes');
    await sleep(100);
  }
  const wall = (Date.now() - started) / 1000;
  const exit = /BENCH-EXIT=(\d+)/.exec(screen)[1];
  tmux('kill-server');
  const log = readFileSync(join(logDir, 'flood.log'), 'utf8');
  const got = new Set();
  for (const m of log.matchAll(/line (\d+) of the flood/g)) got.add(Number(m[1]));
  return { label, wall, cpu: last.cpu, peakMb: last.peakKb / 1024, lines: got.size, samples, distinct: screens.size, maxStall: maxStall / 1000, exit };
}

try {
  const dash = await runOnce('dashboard', '');
  const plain = await runOnce('plain', '-plain');
  const total = RATE * SECONDS;
  for (const r of [dash, plain]) {
    console.log(
      `${r.label.padEnd(9)}: exit ${r.exit}, wall ${r.wall.toFixed(2)} s, pack CPU ${r.cpu.toFixed(2)} s = ${(r.cpu / r.wall).toFixed(2)} core, ` +
        `peak RSS ${r.peakMb.toFixed(0)} MB, log lines ${r.lines}/${total}, screens ${r.distinct} distinct of ${r.samples} samples, ` +
        `longest still screen ${r.maxStall.toFixed(2)} s`,
    );
  }
  console.log(`ratio dashboard/plain CPU: ${(dash.cpu / plain.cpu).toFixed(2)}x`);
  const ok = dash.exit === '0' && dash.lines === total && dash.cpu / dash.wall < 1 && dash.maxStall < 1.5;
  console.log(ok ? 'OK: every line logged, the screen kept updating, under one core' : 'FAILED: see the figures above');
  process.exitCode = ok ? 0 : 1;
} finally {
  try {
    tmux('kill-server');
  } catch {}
  rmSync(dir, { recursive: true, force: true });
}
