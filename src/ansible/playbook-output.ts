// Follows ansible-playbook's output: the task running now (for the dashboard's step line) and the
// last failure, so a failed run ends with one message that says which task failed and why.

export interface Failure {
  task?: string;
  unreachable: boolean;
  message: string;
}

const TASK = /^TASK \[(.*)\] \**$/;
const FATAL = /^fatal: \[[^\]]*\]: (FAILED|UNREACHABLE)! => (.*)$/;

export class PlaybookOutput {
  task?: string;
  failure?: Failure;

  /** Returns the task name when the line starts one. */
  feed(line: string): string | undefined {
    const t = TASK.exec(line);
    if (t) {
      this.task = t[1];
      return t[1];
    }
    const f = FATAL.exec(line);
    if (f) this.failure = { task: this.task, unreachable: f[1] === 'UNREACHABLE', message: detail(f[2]) };
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
export function describeExit(code: number | null, signal: string | null, failure: Failure | undefined, command: string): string {
  if (code === null) return `${command} was stopped by signal ${signal ?? 'unknown'}`;
  if (failure?.unreachable || code === 4) {
    return `the machine was unreachable from ansible (exit status ${code})${failure ? `: ${failure.message}` : ''}`;
  }
  if (failure) return `task "${failure.task ?? '?'}" failed (exit status ${code}): ${failure.message}`;
  if (code === 5) return `${command} rejected its options (exit status 5): see its message above`;
  return `${command} exited with status ${code}: see its output above`;
}
