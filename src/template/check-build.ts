// Validates one prepared build's components against their schemas (defaults applied).
import type { Problem } from '../errors.js';
import type { BuildDef, Template } from './model.js';
import { validateComponent, unknownTypeProblem } from '../schema/validate.js';
import { findBuilder, findComponent } from '../components/registry.js';
import { packChecks, notSupportedByPack, packImplements, type Engine } from '../packer-engine/needs-packer.js';
import type { ComponentKind } from '../schema/types.js';
import type { BuildWarning } from './build-warnings.js';

const HOST_FROM_TEMPLATE = new Set(['null']);

/**
 * `here`: also what Packer's prepare checks on this machine (BuilderSchema.checkHere), for pack validate.
 * `warnings` receives what the components' checks warn about, with the build's name and place.
 */
export function checkBuild(
  t: Template,
  b: BuildDef,
  problems: Problem[],
  warnings: BuildWarning[],
  labels: { builder: string; engine?: Engine; plugins?: readonly { name: string; source: string }[]; here?: boolean },
): BuildDef {
  // Components Packer runs are Packer's to check (packer validate); -engine=pack refuses them.
  const checks = (kind: ComponentKind, type: string, where: { pos?: BuildDef['pos']; field: string }): boolean => {
    // A component of a plugin the template requires (named "NAME" or "NAME-x" after its required_plugins
    // entry, as Packer names them) is Packer's, though pack's catalog does not list it.
    const plugin = packImplements(kind, type) ? undefined : labels.plugins?.find((p) => type === p.name || type.startsWith(`${p.name}-`));
    if (plugin) {
      const what = `the ${kind} "${type}" comes from the plugin ${plugin.source} (required_plugins "${plugin.name}"), which pack does not have`;
      if (labels.engine === 'pack') problems.push({ message: `${what} (-engine=pack); leave -engine out (or give -engine=packer) to run this build through Packer`, ...where });
      else if (labels.engine === undefined) problems.push({ message: `${what}: run it through Packer (pack build does, with the default -engine=auto, when Packer is installed)`, ...where });
      return false;
    }
    const refusal = notSupportedByPack(labels.engine, kind, type);
    if (refusal) problems.push({ message: refusal, ...where });
    return !refusal && packChecks(labels.engine, kind, type);
  };
  if (!checks('builder', b.builderType, { pos: b.pos, field: labels.builder })) return b;
  const warned = (r: { warnings: string[] }, pos = b.pos) => {
    for (const message of r.warnings) warnings.push({ build: b.name, message, pos });
  };
  const builder = findBuilder(b.builderType);
  const commSchema = findComponent('communicator', b.communicator.type);
  let config = b.config;
  const badCommunicator = 'communicator' in config;
  if (badCommunicator) {
    // Only a non-string communicator is left among the builder's fields (HCL: communicator = ["none"]).
    problems.push({ message: `must be the name of a communicator as a string (${builder?.communicators.join(', ') ?? 'ssh, none'}), not ${JSON.stringify(config.communicator)}`, pos: b.pos, field: `${labels.builder}.communicator` });
    config = Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'communicator'));
  }
  if (!builder) problems.push(unknownTypeProblem('builder', b.builderType, { field: labels.builder, pos: b.pos, templateDir: t.dir, build: b.name }));
  else {
    const r = validateComponent('builder', b.builderType, config, {
      field: labels.builder,
      pos: b.pos,
      templateDir: t.dir,
      suggestFrom: Object.keys(commSchema?.fields ?? {}),
    });
    config = r.config;
    problems.push(...r.problems);
    warned(r);
    if (labels.here && r.problems.length === 0) {
      for (const message of builder.checkHere?.(config, { buildName: b.builderName }) ?? []) problems.push({ message, pos: b.pos, field: labels.builder });
    }
  }
  let commConfig = b.communicator.config;
  if (!builder || badCommunicator) {
    // The communicator depends on the builder (and on its own name): nothing useful to say until both are fixed.
  } else if (!checks('communicator', b.communicator.type, { pos: b.pos, field: `${labels.builder}.communicator` })) {
    // Packer's communicator (winrm...): Packer checks it.
  } else if (!commSchema) {
    problems.push(unknownTypeProblem('communicator', b.communicator.type, { field: `${labels.builder}.communicator`, pos: b.pos, templateDir: t.dir }));
  } else {
    if (builder && !builder.communicators.includes(b.communicator.type)) {
      problems.push({
        message: `the ${b.builderType} builder cannot use communicator "${b.communicator.type}" (it can use: ${builder.communicators.join(', ')})`,
        pos: b.pos,
        field: `${labels.builder}.communicator`,
      });
    }
    const r = validateComponent('communicator', b.communicator.type, b.communicator.config, { field: labels.builder, pos: b.pos, templateDir: t.dir });
    commConfig = r.config;
    problems.push(...r.problems);
    warned(r);
    // Builders that create no machine connect to the host the template names (Packer's null builder).
    if (HOST_FROM_TEMPLATE.has(b.builderType) && b.communicator.type === 'ssh' && !commConfig.ssh_host) {
      problems.push({ message: `a host must be specified: the ${b.builderType} builder connects to "ssh_host" (or use "communicator": "none")`, pos: b.pos, field: labels.builder });
    }
    // As Packer's null builder: with no password, key or agent, the build could only fail at connect.
    if (HOST_FROM_TEMPLATE.has(b.builderType) && b.communicator.type === 'ssh' && !commConfig.ssh_password && !commConfig.ssh_private_key_file && commConfig.ssh_agent_auth !== true) {
      problems.push({ message: 'one authentication method must be specified: ssh_password, ssh_private_key_file or ssh_agent_auth', pos: b.pos, field: labels.builder });
    }
    // Packer's null builder refuses two at once too (a template written for a box, with both the key and "vagrant").
    const ways = [commConfig.ssh_agent_auth === true, !!commConfig.ssh_password, !!commConfig.ssh_private_key_file].filter(Boolean).length;
    if (HOST_FROM_TEMPLATE.has(b.builderType) && b.communicator.type === 'ssh' && ways > 1) {
      problems.push({ message: 'only one of ssh_agent_auth, ssh_password and ssh_private_key_file may be given', pos: b.pos, field: labels.builder });
    }
  }
  const provisioners = b.provisioners.map((p, i) => {
    if (!checks('provisioner', p.type, { pos: p.pos, field: `provisioner ${i + 1} (${p.type})` })) return p;
    const r = validateComponent('provisioner', p.type, p.config, { field: `provisioner ${i + 1} (${p.type})`, pos: p.pos, templateDir: t.dir, build: b.name });
    problems.push(...r.problems);
    warned(r, p.pos);
    return { ...p, config: r.config };
  });
  const postProcessors = b.postProcessors.map((chain) =>
    chain.map((p) => {
      if (!checks('post-processor', p.type, { pos: p.pos, field: `post-processor "${p.type}"` })) return p;
      const r = validateComponent('post-processor', p.type, p.config, { field: `post-processor "${p.type}"`, pos: p.pos, templateDir: t.dir, build: b.name });
      problems.push(...r.problems);
      warned(r, p.pos);
      return { ...p, config: r.config };
    }),
  );
  const out: BuildDef = { ...b, config, communicator: { type: b.communicator.type, config: commConfig }, provisioners, postProcessors };
  if (b.errorCleanupProvisioner) {
    const p = b.errorCleanupProvisioner;
    if (!checks('provisioner', p.type, { pos: p.pos, field: 'error-cleanup-provisioner' })) return out;
    const r = validateComponent('provisioner', p.type, p.config, { field: 'error-cleanup-provisioner', pos: p.pos, templateDir: t.dir });
    problems.push(...r.problems);
    warned(r, p.pos);
    out.errorCleanupProvisioner = { ...p, config: r.config };
  }
  return out;
}
