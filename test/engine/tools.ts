// Shared bits for the engine's end-to-end tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Fails (never skips) when a system tool the test needs is missing. */
export function requireTool(name: string, pkg = name): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`the test needs "${name}" (Debian package ${pkg}); install it: apt-get install -y ${pkg}`);
  }
}

export interface Workdir {
  dir: string;
  write(name: string, content: string | object): string;
  remove(): void;
}

export function workdir(prefix = 'pack-engine-'): Workdir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Packer's and pack's output with durations, temp script names and timestamps made comparable. */
export function normalise(text: string): string {
  return text
    .replace(/after ([\d.]+ [a-z]+)( [\d.]+ [a-z]+)?/g, 'after DURATION')
    .replace(/\/tmp\/(?:pack-local-\w{6}\/)?packer-shell\d+/g, '/tmp/packer-shellN')
    .replace(/^\d{10},/gm, 'TS,');
}

/**
 * Packer lists the closing artifacts and errors from a Go map, in random build order: group
 * those "--> build: ..." lines by build (keeping each build's own order) and sort the groups.
 */
export function sortClosingLists(lines: string[]): string[] {
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => {
    const groups = new Map<string, string[]>();
    for (const l of block) {
      const b = /^--> ([^:]+):/.exec(l)?.[1] ?? '';
      groups.set(b, [...(groups.get(b) ?? []), l]);
    }
    for (const k of [...groups.keys()].sort()) out.push(...groups.get(k)!);
    block = [];
  };
  for (const l of lines) {
    if (l.startsWith('--> ')) block.push(l);
    else {
      flush();
      out.push(l);
    }
  }
  flush();
  return out;
}

/**
 * Starts a private tmux server (socket name given) for a whole test file, with one idle session
 * that keeps it alive, so the server does not exit (and refuse the next test's session) each time
 * a test's session ends. Returns the tmux binary.
 */
export function startPrivateTmux(socket: string): string {
  const tmux = requireTool('tmux');
  execFileSync(tmux, ['-L', socket, 'new-session', '-d', '-s', 'keep', 'sleep 3600']);
  return tmux;
}

export function stopPrivateTmux(tmux: string, socket: string): void {
  try {
    execFileSync(tmux, ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* no server left */
  }
  rmSync(`/tmp/tmux-${process.getuid?.() ?? 0}/${socket}`, { force: true });
}
