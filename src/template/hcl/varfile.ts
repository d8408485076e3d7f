import { UserError } from '../../errors.js';
export async function readVarFileHcl(file: string, _text: string): Promise<Record<string, unknown>> {
  throw new UserError(`.pkrvars.hcl files are not supported yet (${file})`);
}
