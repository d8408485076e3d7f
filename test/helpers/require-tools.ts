// A test that needs a system tool fails naming it (never a silent skip).
import { execFileSync } from 'node:child_process';

export function requireTools(tools: string[]): void {
  for (const tool of tools) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`]);
    } catch {
      throw new Error(`${tool} is not installed (see scripts/system-packages.txt)`);
    }
  }
}
