// docker-push: pushes the tagged (or imported) image to its registry.
import type { PostProcessorFactory } from '../../../core/components.js';
import { IMPORT_ID, TAG_ID, dockerImageArtifact } from '../../../docker/artifacts.js';
import { registryAuthHeader } from '../../../docker/auth.js';
import { splitReference } from '../../../docker/images.js';
import { acceptOnly, clientFor, imageIdOf } from '../../../docker/post-input.js';

export const postProcessor: PostProcessorFactory = {
  summary: (config) => (config.login_server ? `to ${config.login_server}` : ''),
  create(config) {
    const login =
      config.login === true
        ? {
            username: typeof config.login_username === 'string' ? config.login_username : undefined,
            password: typeof config.login_password === 'string' ? config.login_password : undefined,
            serveraddress: typeof config.login_server === 'string' ? config.login_server : undefined,
          }
        : undefined;
    return {
      async process(input, ctx) {
        acceptOnly(input, 'docker-push', [IMPORT_ID, TAG_ID]);
        if (login?.password) ctx.addSecret(login.password);
        const client = clientFor(input);
        const name = input.id;
        const { repo, tag } = splitReference(name);
        if (login) ctx.ui.message(`Logging in to ${login.serveraddress}...`);
        ctx.ui.message(`Pushing: ${name}`);
        let last = '';
        await client.progress(
          'POST',
          `/images/${encodeURIComponent(repo)}/push`,
          { query: { tag }, headers: registryAuthHeader(login), signal: ctx.signal },
          (m) => {
            const line = [m.id, m.status].filter(Boolean).join(': ');
            if (line && line !== last && !m.progressDetail?.current) ctx.ui.message(line);
            last = line;
          },
        ).catch((e: Error) => {
          throw new Error(`Error pushing ${name}: ${e.message}`);
        });
        return {
          artifact: dockerImageArtifact(client, IMPORT_ID, name, imageIdOf(input), `Pushed Docker image: ${name}`),
          keep: true,
        };
      },
    };
  },
};
