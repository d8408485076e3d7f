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
}

export function formatPos(pos: SourcePos | undefined): string {
  if (!pos) return '';
  let s = pos.file;
  if (pos.line !== undefined) s += `:${pos.line}`;
  if (pos.line !== undefined && pos.column !== undefined) s += `:${pos.column}`;
  return s;
}

export function formatProblem(p: Problem): string {
  const where = formatPos(p.pos);
  const field = p.field ? `${p.field}: ` : '';
  return where ? `${where}: ${field}${p.message}` : `${field}${p.message}`;
}

/** Everything that is wrong with a template, reported at once. */
export class TemplateErrors extends UserError {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const lines = problems.map((p) => `* ${formatProblem(p)}`);
    const head = problems.length === 1 ? 'Error: 1 error occurred:' : `Error: ${problems.length} errors occurred:`;
    super(`${head}\n\t${lines.join('\n\t')}\n`);
    this.name = 'TemplateErrors';
    this.problems = problems;
  }
}
