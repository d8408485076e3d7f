/** ansible colours its output when told to (ansible-local's default command does): pack's outputs carry no colour codes. */
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(line: string): string {
  return line.replace(ANSI, '');
}
