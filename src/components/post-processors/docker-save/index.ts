// docker-save: writes the image to a tar archive that `docker load` reads.
import type { PostProcessorFactory } from '../../../core/components.js';
import { BUILDER_ID, IMPORT_ID, SAVE_ID, TAG_ID } from '../../../docker/artifacts.js';
import { refuseOverwrite, writeStreamAtomically } from '../../../docker/images.js';
import { acceptOnly, clientFor } from '../../../docker/post-input.js';
import { promises as fs } from 'node:fs';

export const postProcessor: PostProcessorFactory = {
  summary: (config) => String(config.path),
  create(config) {
    const path = String(config.path);
    return {
      async process(input, ctx) {
        acceptOnly(input, 'docker-save', [IMPORT_ID, TAG_ID, BUILDER_ID]);
        await refuseOverwrite(path, ctx.force, 'path');
        const client = clientFor(input);
        // The artifact id is repo:tag after docker-tag/docker-import, so the archive keeps the name.
        const name = input.id;
        ctx.ui.message(`Saving image: ${name}`);
        const res = await client.request('GET', `/images/${encodeURIComponent(name)}/get`, { signal: ctx.signal });
        const label = `save ${path}`;
        const bytes = await writeStreamAtomically(res, path, (b) => ctx.ui.progress({ id: 'docker-save', label, bytes: b }));
        ctx.ui.progress({ id: 'docker-save', label, bytes, total: bytes, done: true });
        ctx.ui.message(`Saved to: ${path}`);
        return {
          artifact: {
            builderId: SAVE_ID,
            id: path,
            files: [path],
            string: () => `Exported Docker image: ${path}`,
            state: input.state,
            destroy: () => fs.rm(path, { force: true }),
          },
          keep: true,
        };
      },
    };
  },
};
