// Which builds and components run, decided once here for all three formats (the engine runs
// what the prepared template holds): -only/-except on builds (comma lists, globs), a
// component's own only/except and override, and -except naming post-processors.
import { lazy } from '../util/lazy-require.js';
import { copyPositions } from './positions.js';
import type { BuildDef, PostProcessorDef, ProvisionerDef } from './model.js';

const picomatch = lazy<typeof import('picomatch')>('picomatch');

function matcher(list: string[]): (name: string) => boolean {
  const pats = list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const ms = pats.map((p) => picomatch()(p, { dot: true }));
  return (name) => ms.some((m) => m(name));
}

/** -only picks, then -except leaves out (Packer 1.6.6 takes both at once). */
export function selectBuilds(builds: BuildDef[], only: string[] = [], except: string[] = []): BuildDef[] {
  let out = builds;
  if (only.length) {
    const m = matcher(only);
    out = builds.filter((b) => m(b.name) || m(b.sourceName));
  }
  if (except.length) {
    const m = matcher(except);
    out = out.filter((b) => !m(b.name) && !m(b.sourceName));
  }
  return out;
}

/** A provisioner's or post-processor's own only/except (exact names, as Packer) against the build's name. */
export function componentApplies(def: { only?: string[]; except?: string[] }, name: string): boolean {
  if (def.only && def.only.length && !def.only.includes(name)) return false;
  if (def.except && def.except.includes(name)) return false;
  return true;
}

/** The provisioner as this build runs it: its `override` for the first key that names the build merged in, and dropped. */
export function withOverride(p: ProvisionerDef, keys: string[]): ProvisionerDef {
  const { override, ...rest } = p;
  const o = keys.map((k) => override?.[k]).find((x) => x !== undefined);
  if (!o) return rest;
  const config = { ...p.config, ...o };
  copyPositions(p.config, config);
  return { ...rest, config };
}

/** -except's names, exact (Packer 1.6.6 matches post-processor names without globs). */
function exceptNames(except: string[]): Set<string> {
  return new Set(except.flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean));
}

/**
 * Packer's -except also names post-processors: a chain is cut at the first post-processor whose
 * `name` is listed (exact names, like Packer 1.6.6), and a chain left empty is dropped.
 */
export function exceptPostProcessors(chains: PostProcessorDef[][], except: string[] = []): PostProcessorDef[][] {
  const names = exceptNames(except);
  if (names.size === 0) return chains;
  return chains
    .map((chain) => {
      const cut = chain.findIndex((p) => p.name !== undefined && names.has(p.name));
      return cut < 0 ? chain : chain.slice(0, cut);
    })
    .filter((chain) => chain.length > 0);
}

/** The names in -except that name one of these post-processors, in -except's order. */
export function exceptedPostProcessorNames(chains: PostProcessorDef[][], except: string[] = []): string[] {
  const named = new Set(chains.flat().flatMap((p) => (p.name === undefined ? [] : [p.name])));
  return [...exceptNames(except)].filter((n) => named.has(n));
}
