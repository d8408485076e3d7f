// Which builds run through Packer: -engine=auto sends a build to Packer when one of its components
// has no pack implementation; -engine=packer sends every build; -engine=pack none.
import type { BuildDef } from '../template/model.js';
import type { ComponentKind } from '../schema/types.js';
import { findComponent } from '../components/registry.js';
import { isPackerComponent } from '../template/packer-names.js';
import { componentApplies } from '../template/select.js';

export type Engine = 'auto' | 'pack' | 'packer';
export const ENGINES: readonly Engine[] = ['auto', 'pack', 'packer'];

export interface MissingComponent {
  kind: ComponentKind;
  type: string;
}

/** pack runs a component itself when the registry has an implementation for it (not only a schema). */
export function packImplements(kind: ComponentKind, type: string): boolean {
  return findComponent(kind, type)?.load !== undefined;
}

/** The components of a build that pack cannot run, each once, builder first. */
export function componentsPackLacks(b: BuildDef): MissingComponent[] {
  const all: MissingComponent[] = [{ kind: 'builder', type: b.builderType }];
  if (b.communicator.type !== 'none') all.push({ kind: 'communicator', type: b.communicator.type });
  // only/except: a component meant for another build does not make this one Packer's.
  for (const p of b.provisioners) if (componentApplies(p, b.sourceName)) all.push({ kind: 'provisioner', type: p.type });
  if (b.errorCleanupProvisioner && componentApplies(b.errorCleanupProvisioner, b.sourceName)) all.push({ kind: 'provisioner', type: b.errorCleanupProvisioner.type });
  for (const chain of b.postProcessors) for (const p of chain) if (componentApplies(p, b.sourceName)) all.push({ kind: 'post-processor', type: p.type });
  const seen = new Set<string>();
  return all.filter((c) => {
    const key = `${c.kind}/${c.type}`;
    if (seen.has(key) || packImplements(c.kind, c.type)) return false;
    seen.add(key);
    return true;
  });
}

export function runsThroughPacker(b: BuildDef, engine: Engine): boolean {
  if (engine === 'packer') return true;
  if (engine === 'pack') return false;
  return componentsPackLacks(b).length > 0;
}

/**
 * Whether pack's own schema check applies to a component of a build: not for a build Packer runs
 * whole (-engine=packer), nor, under -engine=auto, for a component pack does not implement
 * (Packer checks those).
 */
export function packChecks(engine: Engine | undefined, kind: ComponentKind, type: string): boolean {
  if (engine === 'packer') return false;
  // A type neither pack nor Packer knows is a typo: pack's check says "did you mean".
  if (engine === 'auto') return packImplements(kind, type) || !isPackerComponent(kind, type);
  return true;
}

export function describeComponent(c: MissingComponent): string {
  return `${c.kind} "${c.type}"`;
}

/** -engine=pack and a component only Packer has: the refusal; undefined otherwise. */
export function notSupportedByPack(engine: Engine | undefined, kind: ComponentKind, type: string): string | undefined {
  if (engine !== 'pack' || packImplements(kind, type) || !(isPackerComponent(kind, type) || findComponent(kind, type))) return undefined;
  return `the ${kind} "${type}" is not supported by pack (-engine=pack); leave -engine out (or give -engine=packer) to run this build through Packer`;
}
