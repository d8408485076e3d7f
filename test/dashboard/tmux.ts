// A real terminal for end-to-end tests: tmux on a private socket, one pane running bash.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';

export function requireTool(name: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`${name} is not installed: the dashboard's terminal tests need it (apt-get install ${name})`);
  }
}

export class TmuxTerminal {
  readonly socket = `pack-dash-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(cwd: string, columns = 120, rows = 40) {
    requireTool('tmux');
    // A clean shell: no rc files, no CI variable (CI makes pack choose plain output).
    this.tmux('new-session', '-d', '-x', String(columns), '-y', String(rows), '-c', cwd, 'env -u CI PS1="$ " bash --norc --noprofile');
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  type(text: string): void {
    this.tmux('send-keys', '-l', text);
  }

  keys(...names: string[]): void {
    this.tmux('send-keys', ...names);
  }

  run(command: string): void {
    this.type(command);
    this.keys('Enter');
  }

  /** The visible screen; with escapes, the colour codes too (capture-pane -e). */
  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []));
  }

  /** Waits for the screen to match; the error shows the last screen. */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (pattern.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${pattern} on the terminal; last screen:\n${last}`);
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      /* already gone */
    }
  }
}

/**
 * A temp folder holding one template and the terminals opened in it, both removed after each
 * test (registers the vitest hooks); checks that pack is built.
 */
export function terminalFixture(prefix: string, templateFile: string) {
  let dir = '';
  const terms: TmuxTerminal[] = [];
  beforeAll(() => {
    if (!existsSync(join('dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` before the terminal tests');
  });
  afterEach(() => {
    for (const t of terms.splice(0)) t.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });
  return {
    setup(template: object): string {
      dir = mkdtempSync(join(tmpdir(), prefix));
      writeFileSync(join(dir, templateFile), JSON.stringify(template, null, 2));
      return dir;
    },
    open(cwd: string, columns?: number, rows?: number): TmuxTerminal {
      const t = new TmuxTerminal(cwd, columns, rows);
      terms.push(t);
      return t;
    },
  };
}
