// The error of a script whose exit code is not allowed, in Packer's own words: its shell and shell-local
// provisioners share one text (no space after the period, the codes as Go prints a slice), which people grep for.

export function invalidExitCode(code: number, allowed: readonly number[]): Error {
  return new Error(`Script exited with non-zero exit status: ${code}.Allowed exit codes are: [${allowed.join(' ')}]`);
}
