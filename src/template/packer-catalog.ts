// What pack makes of Packer's catalog (packer-names.ts): tells a real Packer component that pack
// does not implement ("not supported by pack") from a typo ("did you mean").
import { listComponents } from '../components/registry.js';
import { packImplements } from '../packer-engine/needs-packer.js';
import type { ComponentKind } from '../schema/types.js';
import { packerPlugin, packerComponentNames, type CatalogKind } from './packer-names.js';

export { packerPlugin, packerComponentNames, type CatalogKind };

/** The last segment of a plugin source: "github.com/hashicorp/docker" -> "docker". */
export const pluginName = (source: string) => source.split('/').pop()!.replace(/^packer-plugin-/, '');

/** Whether pack has built in at least one component of this plugin (required_plugins is then satisfied). */
export function pluginBuiltIn(source: string): boolean {
  const name = pluginName(source);
  for (const kind of ['builder', 'provisioner', 'post-processor'] as const) {
    for (const type of packerComponentNames(kind)) {
      const plugin = packerPlugin(kind, type)!;
      if (plugin !== 'core' && pluginName(plugin) === name && packImplements(kind, type)) return true;
    }
  }
  return false;
}

/** pack's own data sources (src/template/hcl/data-sources.ts). */
export const PACK_DATA_SOURCES = new Set(['http', 'null']);

/** Whether pack implements this component (the registry also declares Packer's, which pack does not run). */
export function packHas(kind: CatalogKind, type: string): boolean {
  return kind === 'data-source' ? PACK_DATA_SOURCES.has(type) : packImplements(kind, type);
}

/** The message for a Packer component pack lacks: what it is and what to do. */
export function notSupportedMessage(kind: CatalogKind, type: string, buildName?: string): string {
  const plugin = packerPlugin(kind, type)!;
  const from = plugin === 'core' ? 'a Packer component' : `a Packer component (plugin ${plugin})`;
  const what = kind === 'data-source' ? 'data source' : kind;
  // A data source feeds every build: only Packer can run such a template.
  if (kind === 'data-source') return `${what} type "${type}" is ${from} not supported by pack: run it through Packer (pack build does, with the default -engine=auto, when Packer is installed)`;
  const except = buildName ? `-except=${buildName}` : '-except=BUILD';
  return `${what} type "${type}" is ${from} not supported by pack: run it through Packer (pack build does, with the default -engine=auto, when Packer is installed), or leave that build out with ${except}`;
}

export function packComponentNames(kind: CatalogKind): string[] {
  return kind === 'data-source' ? [...PACK_DATA_SOURCES] : listComponents(kind as ComponentKind).map((c) => c.type);
}
