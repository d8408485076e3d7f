import { VERSION } from '../version.js';

export function help(): string {
  return 'Usage: pack version\n\n  Prints the pack version.';
}

export async function run(): Promise<number> {
  process.stdout.write(`pack v${VERSION}\n`);
  return 0;
}
