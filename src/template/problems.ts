// Shared by the JSON/YAML and HCL paths: one list of problems, and the values to mask.
import { formatProblem, type Problem } from '../errors.js';
import type { BuildDef, Template } from './model.js';
import { findComponent } from '../components/registry.js';
import type { ComponentKind } from '../schema/types.js';
import { processSecrets } from '../core/redact.js';

/** Sorted by place, each problem once. */
export function dedupeProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const byPlace = [...problems].sort(
    (a, b) => (a.pos?.file ?? '').localeCompare(b.pos?.file ?? '') || (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.column ?? 0) - (b.pos?.column ?? 0),
  );
  return byPlace.filter((p) => {
    const k = formatProblem(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Sensitive variables' values and the values of fields the schemas mark sensitive. They are
 * registered with the process's redactor at once, so that a problem reported next (a bad
 * ssh_port set from a sensitive variable) is masked too.
 */
export function collectSensitive(builds: BuildDef[], variables: Record<string, unknown>, t: Template): string[] {
  const values = sensitiveValuesOf(builds, variables, t);
  for (const v of values) processSecrets.add(v);
  return values;
}

/**
 * Passwords every reader already knows: Vagrant documents vagrant/vagrant as the login of every base
 * box, and box templates name builds, files and the post-processor itself "vagrant", which masking
 * turned into "box-<sensitive>" and "Running post-processor: <sensitive>". Only a field's value is
 * exempt: a variable its author marked sensitive is masked whatever it holds.
 */
const PUBLIC_PASSWORDS = new Set(['vagrant']);

function sensitiveValuesOf(builds: BuildDef[], variables: Record<string, unknown>, t: Template): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v !== '') out.add(v);
    else if (v !== null && v !== undefined && typeof v !== 'object') out.add(String(v));
    else if (v && typeof v === 'object') for (const x of Object.values(v)) add(x);
  };
  for (const [name, def] of Object.entries(t.variables)) if (def.sensitive) add(variables[name]);
  const fromSchema = (kind: ComponentKind, type: string, config: Record<string, unknown>) => {
    const schema = findComponent(kind, type);
    if (!schema) return;
    for (const [k, spec] of Object.entries(schema.fields)) {
      if (spec.sensitive && !(typeof config[k] === 'string' && PUBLIC_PASSWORDS.has(config[k]))) add(config[k]);
    }
  };
  for (const b of builds) {
    fromSchema('builder', b.builderType, b.config);
    fromSchema('communicator', b.communicator.type, b.communicator.config);
    for (const p of b.provisioners) fromSchema('provisioner', p.type, p.config);
    for (const chain of b.postProcessors) for (const p of chain) fromSchema('post-processor', p.type, p.config);
  }
  return [...out];
}
