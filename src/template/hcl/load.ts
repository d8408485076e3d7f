import { UserError } from '../../errors.js';
import type { Template } from '../model.js';
export async function loadHcl(_files: string[], path: string, _dir: string, _text?: string): Promise<Template> {
  throw new UserError(`HCL2 templates are not supported yet (${path})`);
}
