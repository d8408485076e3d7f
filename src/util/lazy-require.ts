// Libraries only a few code paths need (yaml, iconv-lite, bcryptjs, picomatch: HCL functions, -only/-except
// globs) load on the first call: importing them all costs tens of milliseconds on every run of every template.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export function lazy<T>(name: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= load(name) as T);
}
