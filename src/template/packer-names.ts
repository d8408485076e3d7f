// Packer's catalog of component names (packer-catalog.json), the one catalog both pack's messages
// and the Packer engine read. Pure lookups, no registry: the registry itself declares from it.
import catalog from './packer-catalog.json' with { type: 'json' };
import type { ComponentKind } from '../schema/types.js';

export type CatalogKind = 'builder' | 'provisioner' | 'post-processor' | 'data-source';

const table = catalog as unknown as Record<CatalogKind | 'communicator', Record<string, string>>;

/** The plugin that provides a Packer component ("core" for Packer's own), or undefined if Packer has no such component. */
export function packerPlugin(kind: CatalogKind | ComponentKind, type: string): string | undefined {
  return Object.hasOwn(table[kind] ?? {}, type) ? table[kind][type] : undefined;
}

/** Whether Packer (itself or a plugin) has a component of this kind and type. */
export function isPackerComponent(kind: CatalogKind | ComponentKind, type: string): boolean {
  return packerPlugin(kind, type) !== undefined;
}

/** Every component name Packer knows of this kind, sorted (for "did you mean" and the registry's declarations). */
export function packerComponentNames(kind: CatalogKind | ComponentKind): string[] {
  return Object.keys(table[kind] ?? {}).sort();
}
