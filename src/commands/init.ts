import { UserError } from '../errors.js';

export function help(): string {
  return 'Usage: pack init [flags] ...\n\n  (not implemented yet)';
}

export async function run(_argv: string[]): Promise<number> {
  throw new UserError('pack init is not implemented yet');
}
