// The one line pack init prints after writing: what it wrote, and the command that builds it.
import { relative } from 'node:path';
import { formatFor } from './serialize.js';

const FORMAT_NAME = { yaml: 'YAML', json: 'Packer JSON', hcl: 'HCL2' } as const;

export function writtenLine(template: string, secrets: string | undefined, cwd = process.cwd(), secretNames: string[] = []): string {
  const shown = (p: string) => {
    const r = relative(cwd, p);
    return r.startsWith('..') ? p : r;
  };
  const varFile = secrets ? ` -var-file=${shown(secrets)}` : '';
  const secretNote = secrets
    ? `, its secrets in ${shown(secrets)} (mode 0600)`
    : secretNames.length > 0
      ? `, without the value of ${secretNames.join(', ')} (pack build asks for it in a terminal; or -var, PKR_VAR_)`
      : '';
  return `Wrote ${shown(template)} (${FORMAT_NAME[formatFor(template)]})${secretNote}. Build it: pack build${varFile} ${shown(template)}\n`;
}
