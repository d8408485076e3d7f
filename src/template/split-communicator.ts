// A builder block holds the communicator's fields (ssh_host...) beside its own: split them.
import { findBuilder, findComponent, listComponents } from '../components/registry.js';
import type { CommunicatorDef } from './model.js';
import { copyPositions, keyPos, setKeyPos } from './positions.js';

export function defaultCommunicator(builderType: string): string {
  return findBuilder(builderType)?.communicators[0] ?? 'ssh';
}

/** Fields of every registered communicator: Packer accepts ssh_* keys even with communicator "none". */
function allCommunicatorFields(): Set<string> {
  const s = new Set<string>();
  for (const c of listComponents('communicator')) for (const f of Object.keys(c.fields)) s.add(f);
  return s;
}

export function splitCommunicator(
  builderType: string,
  block: Record<string, unknown>,
): { config: Record<string, unknown>; communicator: CommunicatorDef } {
  const type = typeof block.communicator === 'string' ? block.communicator : defaultCommunicator(builderType);
  const own = new Set(Object.keys(findComponent('communicator', type)?.fields ?? {}));
  const builderFields = new Set(Object.keys(findBuilder(builderType)?.fields ?? {}));
  const others = allCommunicatorFields();
  const config: Record<string, unknown> = {};
  const comm: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(block)) {
    if (k === 'communicator' && typeof v === 'string') continue;
    if (!builderFields.has(k) && own.has(k)) {
      comm[k] = v;
      const p = keyPos(block, k);
      if (p) setKeyPos(comm, k, p);
    } else if (!builderFields.has(k) && others.has(k)) {
      // Another communicator's field: accepted and unused, as in Packer.
    } else config[k] = v;
  }
  copyPositions(block, config);
  return { config, communicator: { type, config: comm } };
}
