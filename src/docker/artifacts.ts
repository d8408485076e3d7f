// Artifacts of the docker builder and post-processors. Their `state` tells the next
// post-processor which engine holds the image.
import { promises as fs } from 'node:fs';
import type { Artifact } from '../core/components.js';
import { DockerApiError, type DockerClient } from './client.js';

export const BUILDER_ID = 'packer.docker';
export const IMPORT_ID = 'packer.post-processor.docker-import';
export const TAG_ID = 'packer.post-processor.docker-tag';
export const SAVE_ID = 'packer.post-processor.docker-save';

export interface DockerArtifactState {
  imageId: string;
  dockerHost: string;
}

/** An image in the engine; `id` is what Packer shows (the image id, or repo:tag after tagging). */
export function dockerImageArtifact(client: DockerClient, builderId: string, id: string, imageId: string, text?: string): Artifact {
  const state: DockerArtifactState = { imageId, dockerHost: client.endpoint.url };
  return {
    builderId,
    id,
    files: [],
    string: () => text ?? `Imported Docker image: ${id}`,
    state: { ...state },
    async destroy() {
      try {
        await client.call('DELETE', `/images/${encodeURIComponent(id)}`);
      } catch (e) {
        // Removing a tag or an image still used elsewhere is not worth failing the build over.
        if (!(e instanceof DockerApiError)) throw e;
      }
    },
  };
}

export function dockerExportArtifact(path: string): Artifact {
  return {
    builderId: BUILDER_ID,
    id: path,
    files: [path],
    string: () => `Exported Docker file: ${path}`,
    async destroy() {
      await fs.rm(path, { force: true });
    },
  };
}
