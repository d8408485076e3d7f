// The options every provisioner and post-processor takes besides its own fields (Packer's
// only/except, name, pause_before, max_retries, timeout; keep_input_artifact), offered by the
// wizard and --set as advanced fields of each component.
import type { ComponentKind, FieldSpec } from '../schema/types.js';
import type { ComponentDefinition } from '../components/types.js';

const ONLY: FieldSpec = { type: 'string[]', advanced: true, description: 'Run only for these builds (build names, one a line)' };
const EXCEPT: FieldSpec = { type: 'string[]', advanced: true, description: 'Skip these builds (build names, one a line)' };

export const COMMON_FIELDS: Partial<Record<ComponentKind, Record<string, FieldSpec>>> = {
  provisioner: {
    name: { type: 'string', advanced: true, description: 'A name for the step (shown by the dashboard; Packer JSON has no such key: not written there)' },
    only: ONLY,
    except: EXCEPT,
    pause_before: { type: 'duration', advanced: true, description: 'Wait this long before running (30s, 5m)' },
    max_retries: { type: 'integer', advanced: true, description: 'Retry this many times before failing' },
    timeout: { type: 'duration', advanced: true, description: 'Fail when running longer than this (10m)' },
  },
  'post-processor': {
    name: { type: 'string', advanced: true, description: 'A name for the post-processor (-except can name it)' },
    only: ONLY,
    except: EXCEPT,
    keep_input_artifact: { type: 'boolean', advanced: true, description: 'Keep the artifact this post-processor received' },
  },
};

/**
 * Whether a field can take a template variable: Packer reads the common options (only/except, pause_before,
 * ...) before it interpolates anything, and a JSON variable holds a string, which a list or map field cannot use.
 */
export function canBeVariable(def: ComponentDefinition, field: string, spec: FieldSpec): boolean {
  if (COMMON_FIELDS[def.kind]?.[field] === spec) return false;
  return ['string', 'number', 'integer', 'boolean', 'duration', 'size'].includes(spec.type);
}

/** The definition with the common options of its kind added after its own (its own win on a clash). */
export function withCommonFields(def: ComponentDefinition): ComponentDefinition {
  const common = COMMON_FIELDS[def.kind];
  if (!common) return def;
  return { ...def, fields: { ...def.fields, ...Object.fromEntries(Object.entries(common).filter(([k]) => !(k in def.fields))) } } as ComponentDefinition;
}
