// Loads the implementations a build needs before anything runs, so an unknown or
// unimplemented component is a clear error up front rather than half-way through a build.
import type { BuildDef, PostProcessorDef, ProvisionerDef } from '../template/model.js';
import type { BuilderFactory, CommunicatorFactory, PostProcessorFactory, ProvisionerFactory } from './components.js';
import { loadComponent } from '../components/registry.js';
import type { ComponentKind } from '../schema/types.js';
import { UserError, formatPos } from '../errors.js';
import { componentApplies } from './select.js';

export interface ResolvedProvisioner {
  def: ProvisionerDef;
  factory: ProvisionerFactory;
  /** Index in the template's list (stable step ids whatever only/except removed). */
  index: number;
}

export interface ResolvedPostProcessor {
  def: PostProcessorDef;
  factory: PostProcessorFactory;
  chain: number;
  index: number;
}

export interface ResolvedBuild {
  def: BuildDef;
  builder: BuilderFactory;
  /** undefined for communicator "none". */
  communicator?: CommunicatorFactory;
  provisioners: ResolvedProvisioner[];
  cleanupProvisioner?: ResolvedProvisioner;
  chains: ResolvedPostProcessor[][];
}

async function load(kind: ComponentKind, type: string, where: string): Promise<Record<string, unknown>> {
  try {
    return (await loadComponent(kind, type)) as unknown as Record<string, unknown>;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new UserError(`${where}${why}`);
  }
}

function at(pos: { file: string; line?: number; column?: number } | undefined): string {
  const p = formatPos(pos);
  return p ? `${p}: ` : '';
}

export async function resolveBuild(def: BuildDef): Promise<ResolvedBuild> {
  const b = await load('builder', def.builderType, at(def.pos));
  const builder = b.builder as BuilderFactory;
  let communicator: CommunicatorFactory | undefined;
  if (def.communicator.type !== 'none') {
    const c = await load('communicator', def.communicator.type, at(def.pos));
    communicator = c.communicator as CommunicatorFactory;
  }
  const provisioners: ResolvedProvisioner[] = [];
  for (const [index, p] of def.provisioners.entries()) {
    if (!componentApplies(p, def)) continue;
    const m = await load('provisioner', p.type, at(p.pos));
    provisioners.push({ def: p, factory: m.provisioner as ProvisionerFactory, index });
  }
  let cleanupProvisioner: ResolvedProvisioner | undefined;
  if (def.errorCleanupProvisioner && componentApplies(def.errorCleanupProvisioner, def)) {
    const p = def.errorCleanupProvisioner;
    const m = await load('provisioner', p.type, at(p.pos));
    cleanupProvisioner = { def: p, factory: m.provisioner as ProvisionerFactory, index: -1 };
  }
  const chains: ResolvedPostProcessor[][] = [];
  for (const [chain, list] of def.postProcessors.entries()) {
    const resolved: ResolvedPostProcessor[] = [];
    for (const [index, pp] of list.entries()) {
      if (!componentApplies(pp, def)) continue;
      const m = await load('post-processor', pp.type, at(pp.pos));
      resolved.push({ def: pp, factory: m.postProcessor as PostProcessorFactory, chain, index });
    }
    if (resolved.length > 0) chains.push(resolved);
  }
  return { def, builder, communicator, provisioners, cleanupProvisioner, chains };
}
