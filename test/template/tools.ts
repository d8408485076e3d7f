// Shared by the template tests: the reference Packer, and a temp folder per test file.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const PACKER = '/usr/bin/packer';

/** Fails (never skips) when the reference Packer is missing. */
export function requirePacker(): string {
  if (!existsSync(PACKER)) throw new Error(`packer is missing: ${PACKER} not found (apt-get install packer)`);
  return PACKER;
}

export function runPacker(args: string[], cwd: string): { code: number | null; out: string } {
  const r = spawnSync(PACKER, args, { cwd, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_LOG: '' } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `pack-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What a user must never see. */
export const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)|internal error|This is a bug in pack/;
