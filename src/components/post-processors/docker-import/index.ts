// docker-import: imports the tar a docker build exported (export_path) as an image.
import { createReadStream } from 'node:fs';
import type { PostProcessorFactory } from '../../../core/components.js';
import { BUILDER_ID, IMPORT_ID, dockerImageArtifact } from '../../../docker/artifacts.js';
import { DockerClient } from '../../../docker/client.js';
import { resolveEndpoint } from '../../../docker/endpoint.js';
import { normalizeImageId, tagImage } from '../../../docker/images.js';
import { acceptOnly } from '../../../docker/post-input.js';

const ARTIFICE_ID = 'packer.post-processor.artifice';

export const postProcessor: PostProcessorFactory = {
  summary: (config) => String(config.repository) + (config.tag ? `:${config.tag}` : ''),
  create(config) {
    const repository = String(config.repository);
    const tag = typeof config.tag === 'string' && config.tag !== '' ? config.tag : undefined;
    const changes = Array.isArray(config.changes) ? config.changes.map(String) : [];
    return {
      async process(input, ctx) {
        acceptOnly(input, 'docker-import', [BUILDER_ID, ARTIFICE_ID]);
        const file = input.files[0];
        if (!file) throw new Error('docker-import needs a tar file: use the docker builder with "export_path"');
        const client = new DockerClient(resolveEndpoint());
        const ref = tag ? `${repository}:${tag}` : repository;
        ctx.ui.message(`Importing image: ${input.id}`);
        ctx.ui.message(`Repository: ${ref}`);
        const messages = await client.progress('POST', '/images/create', {
          query: { fromSrc: '-', repo: repository, tag, changes },
          body: createReadStream(file),
          headers: { 'Content-Type': 'application/x-tar' },
          signal: ctx.signal,
        });
        const imageId = normalizeImageId([...messages].reverse().find((m) => m.status?.trim())?.status?.trim());
        if (!imageId) throw new Error(`the engine imported ${file} but returned no image id`);
        // Podman ignores tag= on import: tag explicitly (harmless on Docker).
        await tagImage(client, imageId, repository, tag ?? 'latest');
        ctx.ui.message(`Imported image: ${ref} (${imageId})`);
        return { artifact: dockerImageArtifact(client, IMPORT_ID, ref, imageId, `Imported Docker image: ${ref}`) };
      },
    };
  },
};
