import type { SourcePos } from './template/model.js';

/**
 * An error the user can cause and fix (bad template, bad flag, unreachable host).
 * The CLI prints its message, never a stack trace, and exits with `exitCode`.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

export interface Problem {
  message: string;
  pos?: SourcePos;
  /** The field path it is about: "builders[0].ssh_port", "variable \"region\"". */
  field?: string;
  /** pack's own words with no value from the template (advice such as "-packer=PATH"): never masked. */
  ownWords?: boolean;
}

export function formatPos(pos: SourcePos | undefined): string {
  if (!pos) return '';
  let s = pos.file;
  if (pos.line !== undefined) s += `:${pos.line}`;
  if (pos.line !== undefined && pos.column !== undefined) s += `:${pos.column}`;
  return s;
}

export function formatProblem(p: Problem): string {
  return formatProblemMasked(p, (t) => t);
}

/** One problem as a line; `mask` (the secrets' redactor) applies to what it says, not to where it is. */
function formatProblemMasked(p: Problem, given: (text: string) => string): string {
  const mask = p.ownWords ? (t: string) => t : given;
  const where = formatPos(p.pos);
  const field = p.field ? `${p.field}: ` : '';
  return where ? `${where}: ${mask(`${field}${p.message}`)}` : mask(`${field}${p.message}`);
}

function formatProblems(problems: Problem[], mask?: (text: string) => string): string {
  const lines = problems.map((p) => `* ${mask ? formatProblemMasked(p, mask) : formatProblem(p)}`);
  const head = problems.length === 1 ? 'Error: 1 error occurred:' : `Error: ${problems.length} errors occurred:`;
  return `${head}\n\t${lines.join('\n\t')}\n`;
}

/** Everything that is wrong with a template, reported at once. */
export class TemplateErrors extends UserError {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(formatProblems(problems));
    this.name = 'TemplateErrors';
    this.problems = problems;
  }

  /**
   * The message with secrets masked in what each problem says. The template's own path stays whole: a
   * short secret such as "packer" or "ubuntu" would otherwise mask the file name every line starts with.
   */
  masked(mask: (text: string) => string): string {
    return formatProblems(this.problems, mask);
  }
}
