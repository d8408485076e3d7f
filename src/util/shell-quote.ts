// Quoting for /bin/sh, one of each kind.

/** A whole word in single quotes: 'it'\''s'. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * One environment variable as Packer writes it into {{.Vars}}: the user's printf format with two
 * %s (env_var_format, default "%s='%s' "), a single quote in the value written '"'"'.
 */
export function formatEnvVar(format: string, key: string, value: string): string {
  const quoted = value.replace(/'/g, `'"'"'`);
  let i = 0;
  return format.replace(/%s/g, () => (i++ === 0 ? key : quoted));
}
