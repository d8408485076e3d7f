// Loads the implementations a build needs before anything runs, so an unknown or
// unimplemented component is a clear error up front rather than half-way through a build.
import type { BuildDef, PostProcessorDef, ProvisionerDef } from '../template/model.js';
import type { BuilderFactory, CommunicatorFactory, PostProcessorFactory, ProvisionerFactory } from './components.js';
import { loadComponent } from '../components/registry.js';
import type { ComponentKind } from '../schema/types.js';
import { UserError, formatPos } from '../errors.js';

export interface ResolvedProvisioner {
  def: ProvisionerDef;
  factory: ProvisionerFactory;
  /** Index in the build's list (the template module has already applied only/except and override). */
  index: number;
}

export interface ResolvedPostProcessor {
  def: PostProcessorDef;
  factory: PostProcessorFactory;
  chain: number;
  index: number;
}

/**
 * A provisioner's or post-processor's step title: its `name`, or its type and the summary its
 * factory gives ("shell: 3 inline commands"). A summary that throws only costs the summary.
 */
export function componentTitle(c: ResolvedProvisioner | ResolvedPostProcessor): string {
  if (c.def.name) return c.def.name;
  let summary = '';
  try {
    summary = c.factory.summary?.(c.def.config) ?? '';
  } catch {
    summary = '';
  }
  return summary ? `${c.def.type}: ${summary}` : c.def.type;
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
  // Every implementation is loaded at once: each is its own chunk.
  const builderP = load('builder', def.builderType, at(def.pos));
  const commP = def.communicator.type !== 'none' ? load('communicator', def.communicator.type, at(def.pos)) : undefined;
  const provs = def.provisioners.map((p, index) => ({ p, index, m: load('provisioner', p.type, at(p.pos)) }));
  const ecp = def.errorCleanupProvisioner;
  const ecpP = ecp ? load('provisioner', ecp.type, at(ecp.pos)) : undefined;
  const chainsP = def.postProcessors.map((list, chain) =>
    list
      .map((pp, index) => ({ pp, index, m: load('post-processor', pp.type, at(pp.pos)) })),
  );
  const all = [builderP, commP, ecpP, ...provs.map((x) => x.m), ...chainsP.flat().map((x) => x.m)];
  // Settle every load before reporting the first failure, so none is left unhandled.
  const settled = await Promise.allSettled(all);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed && failed.status === 'rejected') throw failed.reason;

  const builder = (await builderP).builder as BuilderFactory;
  const communicator = commP ? ((await commP).communicator as CommunicatorFactory) : undefined;
  const provisioners: ResolvedProvisioner[] = [];
  for (const { p, index, m } of provs) provisioners.push({ def: p, factory: (await m).provisioner as ProvisionerFactory, index });
  const cleanupProvisioner: ResolvedProvisioner | undefined =
    ecp && ecpP ? { def: ecp, factory: (await ecpP).provisioner as ProvisionerFactory, index: -1 } : undefined;
  const chains: ResolvedPostProcessor[][] = [];
  for (const [chain, list] of chainsP.entries()) {
    const resolved: ResolvedPostProcessor[] = [];
    for (const { pp, index, m } of list) {
      resolved.push({ def: pp, factory: (await m).postProcessor as PostProcessorFactory, chain, index });
    }
    if (resolved.length > 0) chains.push(resolved);
  }
  return { def, builder, communicator, provisioners, cleanupProvisioner, chains };
}
