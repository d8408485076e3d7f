// Follows ansible-playbook's output: the task running now (for the dashboard's step line), the
// last failure, and ansible's own error when it stops before a task (a missing role, a playbook it
// cannot parse, an option it does not know), so a failed run ends with one message that says why.

export interface Failure {
  task?: string;
  unreachable: boolean;
  message: string;
}

const TASK = /^TASK \[(.*)\] \**$/;
const FATAL = /^fatal: \[[^\]]*\]: (FAILED|UNREACHABLE)! => (.*)$/;
/** "ERROR! ..." (parse and load errors; "[ERROR]: ..." from ansible-core 2.19), or argparse's "ansible-playbook: error: ..." (bad options). */
const ERROR = /^(?:ERROR! |\[ERROR\]: |ansible-playbook[\w.-]*: error: )(.+)$/;

export class PlaybookOutput {
  task?: string;
  failure?: Failure;
  /** The first error ansible printed of its own (not a task's). */
  error?: string;

  /** Returns the task name when the line starts one. */
  feed(line: string): string | undefined {
    const t = TASK.exec(line);
    if (t) {
      this.task = t[1];
      return t[1];
    }
    const f = FATAL.exec(line);
    if (f) this.failure = { task: this.task, unreachable: f[1] === 'UNREACHABLE', message: detail(f[2]) };
    else if (this.error === undefined) this.error = ERROR.exec(line)?.[1];
    return undefined;
  }
}

/** The "msg" of ansible's JSON result, with the command's stderr when the message is only "non-zero return code". */
function detail(json: string): string {
  try {
    const r = JSON.parse(json) as { msg?: unknown; stderr?: unknown; rc?: unknown };
    let msg = typeof r.msg === 'string' ? r.msg : json;
    const stderr = typeof r.stderr === 'string' ? r.stderr.trim().split('\n').pop() : '';
    if (stderr && /non-zero return code/.test(msg)) msg = `${msg} ${String(r.rc ?? '')}: ${stderr}`.replace(/ :/, ':');
    // ansible's messages may run over many lines (the offending line, a caret): the first says what failed.
    return msg.trim().split('\n')[0];
  } catch {
    return json.trim();
  }
}

/** ansible-playbook's exit statuses (ansible's documented codes). */
export function describeExit(code: number | null, signal: string | null, output: Pick<PlaybookOutput, 'failure' | 'error'> | undefined, command: string): string {
  if (code === null) return `${command} was stopped by signal ${signal ?? 'unknown'}`;
  const failure = output?.failure;
  if (failure?.unreachable) return `the machine was unreachable from ansible (exit status ${code}): ${failure.message}`;
  if (failure) return `task "${failure.task ?? '?'}" failed (exit status ${code}): ${failure.message}`;
  // Before any task: ansible exits 4 for a playbook it cannot parse too, so its error goes before the status's meaning.
  if (output?.error) return `${command} stopped (exit status ${code}): ${output.error}`;
  if (code === 4) return `the machine was unreachable from ansible (exit status ${code})`;
  if (code === 5) return `${command} rejected its options (exit status 5): see its message above`;
  return `${command} exited with status ${code}: see its output above`;
}
