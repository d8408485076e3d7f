// Which provisioners and post-processors run: only/except on components (exact source names,
// as Packer does) and -except naming post-processors. Which builds run (-only/-except on the
// command line) is src/template/select.ts's selectBuilds.
import type { BuildDef } from '../template/model.js';

/** A provisioner's or post-processor's own only/except, against the build's source name. */
export function componentApplies(def: { only?: string[]; except?: string[] }, build: BuildDef): boolean {
  const names = [build.sourceName, build.name];
  if (def.only && def.only.length > 0 && !def.only.some((n) => names.includes(n))) return false;
  if (def.except && def.except.length > 0 && def.except.some((n) => names.includes(n))) return false;
  return true;
}

/**
 * Packer's -except also names post-processors: a chain is cut at the first post-processor whose
 * `name` is listed (exact names, like Packer 1.6.6), and a chain left empty is dropped.
 */
export function exceptPostProcessors<T extends { def: { name?: string } }>(chains: T[][], except: string[]): T[][] {
  const names = new Set(except.flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean));
  if (names.size === 0) return chains;
  return chains
    .map((chain) => {
      const cut = chain.findIndex((p) => p.def.name !== undefined && names.has(p.def.name));
      return cut < 0 ? chain : chain.slice(0, cut);
    })
    .filter((chain) => chain.length > 0);
}
