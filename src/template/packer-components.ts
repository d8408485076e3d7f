// For the Packer engine: which builds of a template use components pack lacks (and so must be run
// through Packer), as build name -> the kinds and types it lacks.
import type { Template } from './model.js';
import { packHas, packerPlugin, type CatalogKind } from './packer-catalog.js';
import { hclDataBlocks } from './hcl/load.js';

export interface MissingComponent {
  kind: CatalogKind;
  type: string;
  /** The Packer plugin that provides it ("core" for Packer's own); undefined if Packer has none either (a typo). */
  plugin?: string;
}

/**
 * Builds (by name, as -only/-except match them) that use a builder, provisioner, post-processor or
 * data source pack does not implement. A data source feeds every build of its template. Builds
 * that pack can run are absent. Works on a loaded template (loadTemplate), values unevaluated.
 */
export function buildsNeedingPacker(t: Template): Map<string, MissingComponent[]> {
  const out = new Map<string, MissingComponent[]>();
  const data: MissingComponent[] = t.format === 'hcl' ? hclDataBlocks(t).filter((d) => !packHas('data-source', d.type)).map((d) => ({ kind: 'data-source', type: d.type, plugin: packerPlugin('data-source', d.type) })) : [];
  for (const b of t.builds) {
    const missing: MissingComponent[] = [...data];
    const add = (kind: CatalogKind, type: string) => {
      if (!packHas(kind, type) && !missing.some((m) => m.kind === kind && m.type === type)) missing.push({ kind, type, plugin: packerPlugin(kind, type) });
    };
    add('builder', b.builderType);
    for (const p of b.provisioners) add('provisioner', p.type);
    if (b.errorCleanupProvisioner) add('provisioner', b.errorCleanupProvisioner.type);
    for (const chain of b.postProcessors) for (const p of chain) add('post-processor', p.type);
    if (missing.length) out.set(b.name, missing);
  }
  return out;
}
