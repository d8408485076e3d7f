// The provisioners and post-processors of a Packer build, with the ids and titles pack gives them
// in a native build, so that the dashboard shows both kinds alike.
import type { BuildDef, PostProcessorDef, ProvisionerDef } from '../template/model.js';
import type { ComponentKind } from '../schema/types.js';
import type { PostProcessorFactory, ProvisionerFactory } from '../core/components.js';
import { loadComponent } from '../components/registry.js';
import { packImplements } from './needs-packer.js';
import type { PlannedComponent } from './translate.js';

/** pack's title: the component's name, or its type and the summary pack's own implementation gives. */
async function title(kind: ComponentKind, def: ProvisionerDef | PostProcessorDef): Promise<string> {
  if (def.name) return def.name;
  if (!packImplements(kind, def.type)) return def.type;
  try {
    const mod = (await loadComponent(kind, def.type)) as { provisioner?: ProvisionerFactory; postProcessor?: PostProcessorFactory };
    const summary = (mod.provisioner ?? mod.postProcessor)?.summary?.(def.config) ?? '';
    return summary ? `${def.type}: ${summary}` : def.type;
  } catch {
    return def.type;
  }
}

/** Provisioners and post-processors as given (only/except already applied), with pack's step ids. */
export async function plannedComponents(def: BuildDef): Promise<{ provisioners: PlannedComponent[]; postProcessors: PlannedComponent[] }> {
  const provisioners = await Promise.all(
    def.provisioners.map(async (p, i) => ({ id: `provision:${i}`, type: p.type, name: p.name, title: await title('provisioner', p) })),
  );
  const postProcessors = (
    await Promise.all(
      def.postProcessors.map((chain, c) =>
        Promise.all(chain.map(async (p, i) => ({ id: `post-process:${c}.${i}`, type: p.type, name: p.name, title: await title('post-processor', p) }))),
      ),
    )
  ).flat();
  return { provisioners, postProcessors };
}
