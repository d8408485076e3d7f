import { UserError } from '../errors.js';

/** Prints an error the way a user should see it: a message, never a stack trace (unless PACK_DEBUG is set). */
export function reportError(err: unknown): number {
  if (err instanceof UserError) {
    process.stderr.write(err.message.endsWith('\n') ? err.message : err.message + '\n');
    return err.exitCode;
  }
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`pack: internal error: ${msg}\n`);
  if (process.env.PACK_DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  else process.stderr.write('This is a bug in pack. Run again with PACK_DEBUG=1 to see where it happened.\n');
  return 1;
}
