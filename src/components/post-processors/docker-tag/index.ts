// docker-tag: tags the image of a docker build (or of docker-import) into a repository.
import type { PostProcessorFactory } from '../../../core/components.js';
import { BUILDER_ID, IMPORT_ID, TAG_ID, dockerImageArtifact } from '../../../docker/artifacts.js';
import { DockerApiError } from '../../../docker/client.js';
import { tagImage, inspectImage } from '../../../docker/images.js';
import { acceptOnly, clientFor, imageIdOf } from '../../../docker/post-input.js';

const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

/** As Packer 1.6.6: "tags", then the old "tag"'s (both may be given); "latest" when neither names one. */
function tagsOf(config: Record<string, unknown>): string[] {
  const list = [...listOf(config.tags), ...listOf(config.tag)];
  return list.length > 0 ? list : ['latest'];
}

export const postProcessor: PostProcessorFactory = {
  summary: (config) => `${config.repository}:${tagsOf(config).join(',')}`,
  create(config) {
    const repository = String(config.repository);
    const tags = tagsOf(config);
    const force = config.force === true;
    return {
      async process(input, ctx) {
        // Packer says so when it runs, not when it validates.
        if (listOf(config.tag).length > 0) ctx.ui.say('Deprecation warning: "tag" is the old name of "tags" (its tags are given too); rename it to "tags".');
        acceptOnly(input, 'docker-tag', [BUILDER_ID, IMPORT_ID]);
        const client = clientFor(input);
        const imageId = imageIdOf(input);
        let last = '';
        for (const tag of tags) {
          const ref = `${repository}:${tag}`;
          ctx.ui.message(`Tagging image: ${imageId}`);
          ctx.ui.message(`Repository: ${ref}`);
          if (!force) {
            // Docker dropped the API's force flag: refuse to move a tag from another image here instead.
            const existing = await inspectImage(client, ref).catch((e) => {
              if (e instanceof DockerApiError && e.status === 404) return undefined;
              throw e;
            });
            if (existing && !sameImage(existing.Id, imageId)) {
              throw new Error(`the tag ${ref} already names image ${existing.Id}; set "force": true to move it`);
            }
          }
          await tagImage(client, imageId, repository, tag);
          last = ref;
        }
        // Packer keeps the input: deleting the image just tagged would make the tag pointless.
        return {
          artifact: dockerImageArtifact(client, TAG_ID, last, imageId, `Tagged Docker image: ${last}`),
          keep: true,
          forceOverride: true,
        };
      },
    };
  },
};

function sameImage(a: string, b: string): boolean {
  const strip = (s: string) => s.replace(/^sha256:/, '');
  return strip(a).startsWith(strip(b)) || strip(b).startsWith(strip(a));
}
