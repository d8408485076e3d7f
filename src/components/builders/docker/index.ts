// The docker builder on the Docker Engine API (Docker, or Podman's compatible service).
import type { Artifact, Builder, BuilderFactory, StateBag } from '../../../core/components.js';
import { DockerClient } from '../../../docker/client.js';
import { resolveEndpoint } from '../../../docker/endpoint.js';
import { readConfig } from './config.js';
import { S, commitStep, connectTarget, containerStep, discardStep, engineStep, exportStep, pullStep } from './steps.js';
import { dockerImageArtifact, dockerExportArtifact } from '../../../docker/artifacts.js';
import { dockerCache } from './cache.js';

export const builder: BuilderFactory = {
  create(raw): Builder {
    const c = readConfig(raw);
    const client = new DockerClient(resolveEndpoint());
    return {
      ...dockerCache(client, c),
      steps(common) {
        return [
          engineStep(client),
          ...(c.pull ? [pullStep(client, c)] : []),
          containerStep(client, c),
          common.connect(connectTarget(client, c)),
          common.provision(),
          c.commit ? commitStep(client, c) : c.exportPath ? exportStep(client, c) : discardStep(),
        ];
      },
      artifact(state: StateBag): Artifact | undefined {
        const imageId = state.get(S.imageId) as string | undefined;
        if (imageId) return dockerImageArtifact(client, 'packer.docker', imageId, imageId);
        const path = state.get(S.exportPath) as string | undefined;
        if (path) return dockerExportArtifact(path);
        return undefined;
      },
    };
  },
};
