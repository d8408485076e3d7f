// Packer's components as the registry sees them: declared, not implemented (Packer runs them). The
// most used have their fields; every other type Packer knows is a name the wizard can offer, whose
// settings the user writes in the template as Packer's documentation gives them.
import type { BuilderSchema, ComponentKind, ComponentSchema } from '../../schema/types.js';
import { packerComponentNames } from '../../template/packer-names.js';
import { builders } from './builders.js';
import { communicators, provisioners } from './provisioners.js';
import { RUNS_THROUGH_PACKER } from './shared.js';

const detailed: ComponentSchema[] = [...builders, ...provisioners, ...communicators];

function nameOnly(kind: ComponentKind, type: string): ComponentSchema | BuilderSchema {
  const description = `${RUNS_THROUGH_PACKER} settings as in Packer's docs`;
  return kind === 'builder'
    ? { kind, type, description, fields: {}, communicators: ['ssh', 'winrm', 'none'] }
    : { kind, type, description, fields: {} };
}

/** The declarations; the registry keeps pack's own component wherever both exist. */
export function packerDeclarations(): ComponentSchema[] {
  const kinds: ComponentKind[] = ['builder', 'provisioner', 'post-processor'];
  const named = kinds.flatMap((kind) =>
    packerComponentNames(kind)
      .filter((type) => !detailed.some((d) => d.kind === kind && d.type === type))
      .map((type) => nameOnly(kind, type)),
  );
  return [...detailed, ...named];
}
