import { existsSync } from 'node:fs';
import type { ComponentSchema } from '../../../schema/types.js';
import { resolveLocalPath } from '../../../template/local-path.js';

/** Every provider name Packer 1.6.6 knows (provider_override must be one); pack boxes libvirt and docker. */
export const PACKER_PROVIDERS = ['aws', 'azure', 'digitalocean', 'docker', 'google', 'hyperv', 'libvirt', 'lxc', 'parallels', 'scaleway', 'virtualbox', 'vmware'] as const;

/** This machine's architecture as Go (and so Packer) names it; the vagrant plugin says i386 for 386. */
export const HOST_ARCHITECTURE = ({ x64: 'amd64', ia32: 'i386' } as Record<string, string>)[process.arch] ?? process.arch;

export const DEFAULT_OUTPUT = 'packer_{{ .BuildName }}_{{.Provider}}.box';

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'vagrant',
  description: 'Turns the artifact into a Vagrant box (qemu: libvirt provider; docker images: docker provider)',
  fields: {
    output: {
      type: 'string',
      description: 'Path of the box; {{.Provider}}, {{.BuildName}}, {{.ArtifactId}} and {{.Architecture}} are filled in',
      default: DEFAULT_OUTPUT,
      example: 'boxes/{{.BuildName}}-{{.Provider}}.box',
    },
    compression_level: {
      type: 'integer',
      description: 'gzip level from 0 (a plain tar) to 9 (smallest); -1 means the default (6)',
      default: -1,
      advanced: true,
    },
    include: { type: 'string[]', description: 'More files put at the root of the box', advanced: true },
    vagrantfile_template: {
      type: 'string',
      description: 'A Vagrantfile whose text is added to the box\'s (rendered with {{.Provider}}, {{.BuildName}})',
      advanced: true,
    },
    vagrantfile_template_generated: {
      type: 'boolean',
      description: 'vagrantfile_template is written by an earlier step: do not check that it exists when validating',
      default: false,
      advanced: true,
    },
    architecture: {
      type: 'string',
      description: "The box's architecture, for {{.Architecture}} in output and vagrantfile_template (current Packer's vagrant plugin; default: this machine's, as Go names it: amd64, arm64, i386)",
      example: 'arm64',
      advanced: true,
    },
    provider_override: {
      type: 'string',
      description: 'The provider to box for, instead of the one the artifact implies (needed after artifice)',
      enum: PACKER_PROVIDERS,
      advanced: true,
    },
    override: { type: 'object', description: 'Settings per provider: {"libvirt": {"compression_level": 9}}', advanced: true },
    keep_input_artifact: { type: 'boolean', description: 'Keep the artifact this post-processor received', advanced: true },
  },
  check(config, ctx) {
    const errs: string[] = [];
    const level = config.compression_level;
    if (typeof level === 'number' && (level < -1 || level > 9)) errs.push(`compression_level: ${level} is out of range (use -1 to 9)`);
    const t = config.vagrantfile_template;
    if (typeof t === 'string' && t !== '' && !t.includes('{{') && config.vagrantfile_template_generated !== true) {
      if (!existsSync(resolveLocalPath(t, ctx.templateDir))) errs.push(`vagrantfile_template '${t}' does not exist`);
    }
    return errs;
  },
};
