// The components the wizard and flags mode offer, read from their schemas. The registry is the real
// source; tests may pass their own list so that their screens do not change when components are added.
import type { BuilderSchema, ComponentKind } from '../schema/types.js';
import type { ComponentDefinition } from '../components/types.js';
import { listComponents } from '../components/registry.js';
import { withCommonFields } from './common-fields.js';

export interface Catalog {
  list(kind: ComponentKind): ComponentDefinition[];
  find(kind: ComponentKind, type: string): ComponentDefinition | undefined;
}

export function catalogOf(raw: ComponentDefinition[]): Catalog {
  const defs = raw.map(withCommonFields);
  return {
    list: (kind) => defs.filter((d) => d.kind === kind),
    find: (kind, type) => defs.find((d) => d.kind === kind && d.type === type),
  };
}

export function registryCatalog(): Catalog {
  const kinds: ComponentKind[] = ['builder', 'communicator', 'provisioner', 'post-processor'];
  return catalogOf(kinds.flatMap((k) => listComponents(k)));
}

export function asBuilder(d: ComponentDefinition | undefined): BuilderSchema | undefined {
  return d && d.kind === 'builder' ? (d as BuilderSchema) : undefined;
}

/** Builders that run on this machine first, then pack's own (they have a probe) before those that run through
 *  Packer, then those whose required fields all have defaults, then by name: a native builder whose engine is
 *  down (docker) must not sink below sixty Packer-delegated ones. */
export async function sortedBuilders(catalog: Catalog, probeTimeoutMs = 2000): Promise<{ def: BuilderSchema; runsHere: boolean }[]> {
  const all = catalog.list('builder').map((d) => d as BuilderSchema);
  // A probe that hangs (an engine socket that never answers) must not hold the list up: it counts as "no".
  const probe = async (b: BuilderSchema): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), probeTimeoutMs);
      timer.unref();
    });
    try {
      return (await Promise.race([Promise.resolve(b.runsHere?.()).then((v) => v === true), late])) === true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  };
  const here = await Promise.all(all.map(probe));
  const ready = (d: BuilderSchema) =>
    Object.values(d.fields).every((f) => !f.required || f.default !== undefined || f.suggest !== undefined);
  const native = (d: BuilderSchema) => d.runsHere !== undefined;
  return all
    .map((def, i) => ({ def, runsHere: here[i] }))
    .sort((a, b) => Number(b.runsHere) - Number(a.runsHere) || Number(native(b.def)) - Number(native(a.def)) ||
      Number(ready(b.def)) - Number(ready(a.def)) ||
      a.def.type.localeCompare(b.def.type));
}

/** The communicators a builder can use that exist here, the builder's default first. */
export function communicatorsFor(catalog: Catalog, builder: BuilderSchema): string[] {
  const known = builder.communicators.filter((c) => catalog.find('communicator', c));
  return known.length > 0 ? known : builder.communicators.slice(0, 1);
}
