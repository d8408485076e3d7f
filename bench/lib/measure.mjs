// Shared by the bench scripts: the median, and the wall time of one whole command.
import { spawnSync } from 'node:child_process';

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
