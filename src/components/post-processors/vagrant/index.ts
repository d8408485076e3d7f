// The vagrant post-processor: a box (tar.gz of metadata.json, Vagrantfile and the provider's files)
// from a qemu disk (libvirt), a docker image (docker) or artifice files (provider_override).
import { makeDirs } from '../../../core/make-dirs.js';
import { existsSync, readFileSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { writeAtomicWith } from '../../../util/atomic-write.js';
import { basename, dirname } from 'node:path';
import type { Artifact, PostProcessorFactory } from '../../../core/components.js';
import { resolveLocalPath } from '../../../template/local-path.js';
import { writeBox, type BoxEntry } from './box.js';
import { ARTIFICE_ID, BOXABLE, PROVIDER_OF, boxContents } from './providers.js';
import { DEFAULT_OUTPUT, HOST_ARCHITECTURE } from './schema.js';
import { UserError } from '../../../errors.js';

export const BOX_BUILDER_ID = 'mitchellh.post-processor.vagrant';

interface VagrantConfig {
  output?: string;
  compression_level?: number;
  include?: string[];
  vagrantfile_template?: string;
  provider_override?: string;
  architecture?: string;
  override?: Record<string, Record<string, unknown>>;
}

/** The provider a builder's own artifact boxes as, where the builder says it before it runs. */
const PROVIDER_OF_BUILDER: Record<string, string> = { qemu: 'libvirt' };

const boxExists = (output: string) => `the box ${output} exists already: remove it, or build with -force to replace it`;

export const postProcessor: PostProcessorFactory = {
  summary: (config) => String(config.output ?? DEFAULT_OUTPUT),
  checkAtStart(raw, ctx, { first }) {
    if (ctx.force) return;
    const provider = (raw.provider_override as string | undefined) || (first ? PROVIDER_OF_BUILDER[ctx.builderType] : undefined);
    if (!provider) return;
    const c = { ...(raw as VagrantConfig), ...((raw.override as VagrantConfig['override'])?.[provider] ?? {}) } as VagrantConfig;
    const template = c.output || DEFAULT_OUTPUT;
    // The artifact's id is known only at the end.
    if (/ArtifactId/.test(template)) return;
    const output = ctx.render(template, { ArtifactId: '', BuildName: ctx.buildName, Provider: provider, Architecture: c.architecture || HOST_ARCHITECTURE });
    if (existsSync(output)) throw new UserError(boxExists(output));
  },
  create(raw) {
    return {
      async process(input, ctx) {
        const provider = (raw.provider_override as string | undefined) || PROVIDER_OF[input.builderId];
        if (!provider) {
          throw new Error(
            input.builderId === ARTIFICE_ID
              ? 'Unknown provider type: When using an artifact created by the artifice post-processor, you need to set the provider_override option.'
              : `Unknown artifact type, can't build box: ${input.builderId}. pack boxes ${BOXABLE}`,
          );
        }
        // override.<provider> replaces the settings for that provider, as in Packer.
        const c = { ...(raw as VagrantConfig), ...((raw.override as VagrantConfig['override'])?.[provider] ?? {}) } as VagrantConfig;
        ctx.ui.say(`Creating Vagrant box for '${provider}' provider`);
        // Architecture: current Packer's vagrant plugin (Packer 1.6.6 renders it "<no value>").
        const data = { ArtifactId: input.id, BuildName: ctx.buildName, Provider: provider, Architecture: c.architecture || HOST_ARCHITECTURE };
        const output = ctx.render(c.output || DEFAULT_OUTPUT, data);
        if (existsSync(output) && !ctx.force) {
          throw new Error(boxExists(output));
        }
        const contents = boxContents(provider, input);
        // Packer's order: what is copied in, then the custom Vagrantfile.
        const entries: BoxEntry[] = [];
        for (const inc of c.include ?? []) {
          ctx.ui.message(`Copying from include: ${inc}`);
          const path = resolveLocalPath(inc, ctx.templateDir);
          // Checked here, not when validating: an earlier step may write it (as Packer, which checks it here too).
          if (!existsSync(path)) throw new Error(`Error copying include file: ${inc}: no such file (looked in the working folder and in the template's folder, ${ctx.templateDir})`);
          entries.push({ name: basename(inc), path });
        }
        for (const f of contents.files) {
          ctx.ui.message(`Copying from artifact: ${f.path}`);
          entries.push(f);
        }
        let custom = '';
        if (c.vagrantfile_template) {
          const path = resolveLocalPath(c.vagrantfile_template, ctx.templateDir);
          ctx.ui.message(`Using custom Vagrantfile: ${c.vagrantfile_template}`);
          custom = ctx.render(readFileSync(path, 'utf8'), data);
        }
        const vagrantfile =
          `\n# The contents below were provided by the Packer Vagrant post-processor\n${contents.vagrantfile}\n\n` +
          `# The contents below (if any) are custom contents provided by the\n# Packer template during image build.\n${custom}\n`;
        // Keys sorted as Go's encoding/json writes a map.
        const metadata = Object.fromEntries(Object.entries(contents.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        entries.push({ name: 'metadata.json', text: JSON.stringify(metadata) + '\n' }, { name: 'Vagrantfile', text: vagrantfile });
        // In the order Packer's walk of the box folder finds them (by name, byte order).
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        await boxFiles(output, entries, c.compression_level ?? -1, ctx);
        const artifact: Artifact = {
          builderId: BOX_BUILDER_ID,
          id: provider,
          files: [output],
          string: () => `'${provider}' provider box: ${output}`,
          destroy: () => rm(output, { force: true }),
        };
        return { artifact, keep: false };
      },
    };
  },
};

/** Writes beside the output and moves it into place at the end (util/atomic-write), so a failed run leaves no half box. */
async function boxFiles(output: string, entries: BoxEntry[], level: number, ctx: Parameters<ReturnType<PostProcessorFactory['create']>['process']>[1]): Promise<void> {
  if (dirname(output) !== '.') makeDirs(dirname(output));
  const sizes = await Promise.all(entries.map((e) => (e.path ? stat(e.path).then((s) => s.size) : 0)));
  const total = sizes.reduce((a, b) => a + b, 0);
  for (const e of entries) ctx.ui.message(`Compressing: ${e.name}`);
  let last = 0;
  await writeAtomicWith(output, (tmp) =>
    writeBox(tmp, entries, level, (bytes) => {
      if (Date.now() - last < 100) return;
      last = Date.now();
      ctx.ui.progress({ id: 'vagrant-box', label: output, bytes, total });
    }),
  );
  ctx.ui.progress({ id: 'vagrant-box', label: output, bytes: total, total, done: true });
}
