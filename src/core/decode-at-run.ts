// The last conversion of a component's config: fields validation left for run time (a
// non-string field holding a template) are rendered, then decoded with the same grammar.
// Everything else arrives decoded from the template module; nothing is converted twice.
import type { ComponentKind } from '../schema/types.js';
import type { BuildContext } from './components.js';
import { findComponent } from '../components/registry.js';
import { decodeDeferred } from '../schema/validate.js';

export function decodeAtRun(kind: ComponentKind, type: string, config: Record<string, unknown>, ctx: BuildContext): Record<string, unknown> {
  const schema = findComponent(kind, type);
  return schema ? decodeDeferred(schema, config, (text) => ctx.render(text)) : config;
}
