// Shared by the bench scripts: the median, and the wall (and CPU) time of one whole command.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Ends the bench naming the first missing tool and its Debian package: [[tool, package], ...]. */
export function requireTools(bench, tools) {
  for (const [tool, pkg] of tools) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      console.error(`bench/${bench}: needs ${tool} (Debian package ${pkg})`);
      process.exit(1);
    }
  }
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs a command to its end and returns its wall time in ms; throws with its output if it fails. */
export function timeCommand(cmd, args, { cwd, env = process.env } = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

/** CPU seconds of this process's waited-for children (cutime + cstime from /proc, in clock ticks of 1/100 s). */
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * Like timeCommand, and also the CPU time (user + system) of the command and every descendant it waited
 * for: { ms, cpuMs }. Processes that outlive it (a daemonised ssh master) are not counted.
 */
export function timeCommandCpu(cmd, args, opts = {}) {
  const before = childrenCpuMs();
  const ms = timeCommand(cmd, args, opts);
  return { ms, cpuMs: childrenCpuMs() - before };
}

/**
 * timeCommandCpu without blocking this process: a server it runs (test/helpers/sshd.ts reads sshd's log
 * from a pipe) keeps being served meanwhile. A blocked event loop leaves that pipe full, and sshd then
 * stalls a connection mid-close until it is read.
 */
export function timeCommandCpuAsync(cmd, args, { cwd, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const before = childrenCpuMs();
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} failed:\n${out}`));
      else resolve({ ms, cpuMs: childrenCpuMs() - before });
    });
  });
}
