import { closest, distance } from 'fastest-levenshtein';
import type { ComponentKind, BuilderSchema } from '../schema/types.js';
import type { RegisteredComponent, ComponentModule } from './types.js';
import { components } from './index.generated.js';
import { packerDeclarations } from '../packer-engine/schemas/index.js';

const byKind = new Map<ComponentKind, Map<string, RegisteredComponent>>();
// pack's own components, then Packer's (declared only: Packer runs them) where pack has none.
for (const c of [...components, ...packerDeclarations()]) {
  let m = byKind.get(c.kind);
  if (!m) byKind.set(c.kind, (m = new Map()));
  if (!m.has(c.type)) m.set(c.type, c);
}

export function listComponents(kind: ComponentKind): RegisteredComponent[] {
  return [...(byKind.get(kind)?.values() ?? [])];
}

export function findComponent(kind: ComponentKind, type: string): RegisteredComponent | undefined {
  return byKind.get(kind)?.get(type);
}

export function findBuilder(type: string): (BuilderSchema & RegisteredComponent) | undefined {
  return findComponent('builder', type) as (BuilderSchema & RegisteredComponent) | undefined;
}

/** The closest known name, for "did you mean" hints; undefined when nothing is close. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length === 0 || !name) return undefined;
  const best = closest(name, list);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(name, best) <= limit ? best : undefined;
}

export function suggestComponent(kind: ComponentKind, type: string): string | undefined {
  return suggest(type, byKind.get(kind)?.keys() ?? []);
}

const loaded = new Map<string, Promise<ComponentModule>>();

/** Loads a component's implementation once. */
export async function loadComponent(kind: ComponentKind, type: string): Promise<ComponentModule> {
  const key = `${kind}/${type}`;
  let p = loaded.get(key);
  if (!p) {
    const c = findComponent(kind, type);
    if (!c) throw new Error(`unknown ${kind} type "${type}"`);
    if (!c.load) throw new Error(`the ${kind} "${type}" is declared but not implemented yet`);
    p = c.load();
    loaded.set(key, p);
  }
  return p;
}
