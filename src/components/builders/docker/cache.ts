// pack build -cache for the docker builder: a cache point is an image committed from the running
// container, tagged localhost/pack-cache:<key> (a tag, not a LABEL: labels would be inherited by
// the final image, which must equal a cold build's). A rebuild starts its container from the
// longest cached prefix's image instead of the template's image.
import type { CacheableBuilder, CachePointRef, StateBag } from '../../../core/components.js';
import { getState, setState } from '../../../core/components.js';
import { DockerApiError, type DockerClient } from '../../../docker/client.js';
import { normalizeImageId } from '../../../docker/images.js';
import { runSettings, type DockerBuilderConfig } from './config.js';
import { S } from './steps.js';

export const CACHE_REPO = 'localhost/pack-cache';
/** The size of the image the container started from, so that a point counts only what it adds. */
const BASE_SIZE = 'docker.cache.baseSize';

interface ImageInspect {
  Id: string;
  Size?: number;
}

async function inspect(client: DockerClient, ref: string): Promise<ImageInspect | undefined> {
  try {
    return await client.json<ImageInspect>('GET', `/images/${encodeURIComponent(ref)}/json`);
  } catch (e) {
    if (e instanceof DockerApiError && e.status === 404) return undefined;
    throw e;
  }
}

export function dockerCache(client: DockerClient, c: DockerBuilderConfig): CacheableBuilder {
  return {
    cacheLookupBefore: 'docker:container',
    async cacheInputs(state: StateBag) {
      const image = await inspect(client, c.image);
      // A missing image fails the container step with its own message; the key just cannot match.
      state.set(BASE_SIZE, image?.Size ?? 0);
      return {
        // The image's id, not its tag: a tag that moved is another machine.
        imageId: image ? normalizeImageId(image.Id) : `missing:${c.image}`,
        ...runSettings(c),
        runCommand: c.runCommand,
        containerDir: c.containerDir,
        execUser: c.execUser,
        fixUploadOwner: c.fixUploadOwner,
      };
    },
    async savePoint(key, state, ctx) {
      const container = getState(state, S.containerId)!;
      ctx.ui.message(`Caching this step: committing the container as ${CACHE_REPO}:${key.slice(0, 12)}`);
      const res = await client.json<{ Id?: string; id?: string }>('POST', '/commit', {
        query: { container, repo: CACHE_REPO, tag: key, pause: true },
        body: {},
      });
      const id = normalizeImageId(res.Id ?? res.id);
      if (!id) throw new Error(`the engine returned no image id: ${JSON.stringify(res)}`);
      const size = (await inspect(client, id))?.Size ?? 0;
      const base = (state.get(BASE_SIZE) as number | undefined) ?? 0;
      state.set(BASE_SIZE, size);
      const ref: CachePointRef = { kind: 'docker-image', host: client.endpoint.url, id, tag: `${CACHE_REPO}:${key}` };
      return { ref, bytes: Math.max(0, size - base) };
    },
    async resumePoint(ref, state) {
      const image = await inspect(client, String(ref.id));
      if (!image) return 'gone';
      setState(state, S.resumeImage, normalizeImageId(image.Id) ?? image.Id);
      state.set(BASE_SIZE, image.Size ?? 0);
      return 'resumed';
    },
  };
}
