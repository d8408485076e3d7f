// A component config as the build receives it: decoded and defaulted by the component's schema
// (durations in milliseconds...), for tests that call a component without the template module.
import { findComponent } from '../../src/components/registry.js';
import { validateAgainst } from '../../src/schema/validate.js';
import type { ComponentKind } from '../../src/schema/types.js';

export function decoded(kind: ComponentKind, type: string, raw: Record<string, unknown>): Record<string, unknown> {
  const schema = findComponent(kind, type);
  if (!schema) throw new Error(`no ${kind} "${type}"`);
  return validateAgainst(schema, raw, { field: type, templateDir: process.cwd() }).config;
}

/** The ssh communicator's config, decoded. */
export const sshDecoded = (raw: Record<string, unknown>) => decoded('communicator', 'ssh', raw);
