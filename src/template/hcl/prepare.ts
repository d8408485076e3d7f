import { UserError } from '../../errors.js';
import type { Template } from '../model.js';
import type { GivenValue } from '../inputs.js';
import type { Prepared } from '../index.js';
export async function prepareHcl(t: Template, _given: GivenValue[]): Promise<Prepared> {
  throw new UserError(`HCL2 templates are not supported yet (${t.path})`);
}
