// A required variable nobody gave, asked for in the terminal the way Terraform does: its name,
// its description, then "Enter a value:" (typed as dots when the variable is sensitive).
// @inquirer/prompts asks, outside Ink (the dashboard is not mounted yet).
import { input, password } from '@inquirer/prompts';
import { TemplateErrors, UserError } from '../../errors.js';

const MISSING = /^required variable "([^"]+)" is not set/;

/**
 * The required variables nobody gave. Asked for first, as Terraform does, even when the error holds
 * other problems: an unset variable is "" until then, so the checks of the fields that use it fail too
 * (a null builder over SSH with no password "has no authentication method"). Preparing again with the
 * answers reports whatever problems remain.
 */
export function missingVariables(err: unknown): string[] {
  if (!(err instanceof TemplateErrors)) return [];
  return err.problems.map((p) => MISSING.exec(p.message)?.[1]).filter((n): n is string => n !== undefined);
}

export interface VariableInfo {
  name: string;
  description?: string;
  sensitive: boolean;
}

export interface PromptStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** Asks each variable in turn; returns them as -var pairs. Ctrl-C ends the run with exit 130's message. */
export async function askVariables(vars: VariableInfo[], streams: PromptStreams = {}): Promise<[string, string][]> {
  const out: [string, string][] = [];
  const ctx = { input: streams.input ?? process.stdin, output: streams.output ?? process.stdout, clearPromptOnDone: false };
  // After an Ink app, stdin is unref'ed: the prompt would end at once without this.
  (ctx.input as NodeJS.ReadStream).ref?.();
  for (const v of vars) {
    const message = `var.${v.name}${v.description ? `\n  ${v.description}\n` : ''}\n  Enter a value:`;
    try {
      const value = v.sensitive
        ? await password({ message, mask: '•' }, ctx as never)
        : await input({ message, required: false }, ctx as never);
      out.push([v.name, value]);
    } catch (err) {
      if (err instanceof Error && err.name === 'ExitPromptError') throw new UserError(`Cancelled while asking for variable "${v.name}".`);
      throw err;
    }
  }
  return out;
}
