import { makeDirs } from '../../../core/make-dirs.js';
import { copyFile, lstat, readlink, rm, writeFile } from 'node:fs/promises';
import { UserError } from '../../../errors.js';
import { dirname } from 'node:path';
import type { Artifact, BuilderFactory } from '../../../core/components.js';
import { resolveLocalPath } from '../../../template/local-path.js';

function fileArtifact(target: string): Artifact {
  return {
    builderId: 'packer.file',
    id: 'File',
    files: [target],
    string: () => `Stored file: ${target}`,
    destroy: () => rm(target, { force: true }),
  };
}

export const builder: BuilderFactory = {
  create(config) {
    const target = String(config.target ?? '');
    const source = typeof config.source === 'string' && config.source !== '' ? config.source : undefined;
    const content = typeof config.content === 'string' ? config.content : '';
    return {
      steps: (common) => [
        {
          id: 'builder:write-file',
          title: source ? `Copy ${source} to ${target}` : `Write ${target}`,
          kind: 'builder',
          async run(_state, ctx) {
            if (!target) throw new Error('target required');
            // A link at target would send the write to whatever file it names: refuse, never replace it.
            const link = await lstat(target).then((s) => s.isSymbolicLink(), () => false);
            if (link) {
              throw new UserError(`target: ${target} is a symbolic link (to ${await readlink(target)}); pack does not write through links. Remove it or point target at the file itself`);
            }
            makeDirs(dirname(target));
            if (source) {
              ctx.ui.say(`Copying ${source} to ${target}`);
              await copyFile(resolveLocalPath(source, ctx.templateDir), target);
            } else {
              // Packer writes the content file readable by its owner only.
              await writeFile(target, content, { mode: 0o600 });
            }
            return 'continue';
          },
        },
        common.connect(),
        common.provision(),
      ],
      artifact: () => fileArtifact(target),
    };
  },
};
