import type { ComponentSchema } from '../../schema/types.js';

/** What the wizard and `pack inspect` show beside a component Packer runs. */
export const RUNS_THROUGH_PACKER = '(runs through Packer)';

/** Packer's rule for alternatives: exactly one of these fields. */
export function oneOf(fields: string[]): NonNullable<ComponentSchema['check']> {
  return (config) => {
    const given = fields.filter((f) => config[f] !== undefined && config[f] !== '');
    if (given.length === 1) return [];
    const list = fields.map((f) => `"${f}"`).join(' or ');
    return [given.length === 0 ? `one of ${list} is required` : `only one of ${list} may be given`];
  };
}
