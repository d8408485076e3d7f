import { UserError } from '../errors.js';

export function help(): string {
  return 'Usage: pack inspect [flags] ...\n\n  (not implemented yet)';
}

export async function run(_argv: string[]): Promise<number> {
  throw new UserError('pack inspect is not implemented yet');
}
