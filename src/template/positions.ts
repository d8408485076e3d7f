// Where each key of a loaded object was written, kept beside the plain objects (a WeakMap,
// so configs stay plain JSON-like values for the components).
import type { SourcePos } from './model.js';

const keyPositions = new WeakMap<object, Map<string | number, SourcePos>>();

export function setKeyPos(obj: object, key: string | number, pos: SourcePos): void {
  let m = keyPositions.get(obj);
  if (!m) keyPositions.set(obj, (m = new Map()));
  m.set(key, pos);
}

export function keyPos(obj: unknown, key: string | number): SourcePos | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  return keyPositions.get(obj)?.get(key);
}

/** Copies the positions of `from`'s keys onto `to` (after a config was rebuilt). */
export function copyPositions(from: object, to: object): void {
  const m = keyPositions.get(from);
  if (m) for (const [k, p] of m) setKeyPos(to, k, p);
}
