// HCL2 does not lift a single value into a list as Packer's JSON decoding does: `inline = "echo"`
// where a list is required is an error in Packer's HCL2 templates, and here.
import type { Problem } from '../../errors.js';
import type { BuildDef, SourcePos } from '../model.js';
import type { ComponentKind, FieldType } from '../../schema/types.js';
import { findComponent } from '../../components/registry.js';
import { keyPos } from '../positions.js';

const LIST_WORDS: Partial<Record<FieldType, string>> = {
  'string[]': 'list of string',
  'number[]': 'list of number',
  'object[]': 'list of object',
  'string[][]': 'list of list of string',
};

function checkLists(kind: ComponentKind, type: string, config: Record<string, unknown>, field: string, pos: SourcePos | undefined, problems: Problem[]): void {
  const schema = findComponent(kind, type);
  if (!schema) return;
  for (const [name, spec] of Object.entries(schema.fields)) {
    const want = LIST_WORDS[spec.type];
    const v = config[name];
    if (!want || v === undefined || v === null || Array.isArray(v)) continue;
    problems.push({ message: `inappropriate value for attribute "${name}": ${want} required (write [${JSON.stringify(v)}])`, pos: keyPos(config, name) ?? pos, field: `${field}.${name}` });
  }
}

export function checkHclLists(b: BuildDef, problems: Problem[]): void {
  checkLists('builder', b.builderType, b.config, `source.${b.builderType}.${b.builderName}`, b.pos, problems);
  checkLists('communicator', b.communicator.type, b.communicator.config, `source.${b.builderType}.${b.builderName}`, b.pos, problems);
  for (const p of [...b.provisioners, ...(b.errorCleanupProvisioner ? [b.errorCleanupProvisioner] : [])]) checkLists('provisioner', p.type, p.config, `provisioner "${p.type}"`, p.pos, problems);
  for (const chain of b.postProcessors) for (const p of chain) checkLists('post-processor', p.type, p.config, `post-processor "${p.type}"`, p.pos, problems);
}
