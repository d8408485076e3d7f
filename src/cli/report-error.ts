import { UserError, TemplateErrors } from '../errors.js';
import { processSecrets } from '../core/redact.js';

/** Prints an error the way a user should see it: a message, never a stack trace (unless PACK_DEBUG is set). */
export function reportError(err: unknown): number {
  // Every message, whichever way it came, is masked with the secrets known so far.
  const redact = (t: string) => processSecrets.redact(t);
  if (err instanceof UserError) {
    const text = err instanceof TemplateErrors ? err.masked(redact) : redact(err.message);
    process.stderr.write(text.endsWith('\n') ? text : text + '\n');
    return err.exitCode;
  }
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`pack: internal error: ${redact(msg)}\n`);
  if (process.env.PACK_DEBUG && err instanceof Error && err.stack) process.stderr.write(redact(err.stack) + '\n');
  else process.stderr.write('This is a bug in pack. Run again with PACK_DEBUG=1 to see where it happened.\n');
  return 1;
}
