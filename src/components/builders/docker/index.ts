// The docker builder on the Docker Engine API (Docker, or Podman's compatible service).
import { getState, type Artifact, type Builder, type BuilderFactory, type StateBag } from '../../../core/components.js';
import { DockerClient } from '../../../docker/client.js';
import { resolveEndpoint } from '../../../docker/endpoint.js';
import { realDockerDriver, type DockerDriver } from '../../../docker/driver.js';
import { readConfig } from './config.js';
import { S, commitStep, connectTarget, containerStep, discardStep, engineStep, exportStep, pullStep } from './steps.js';
import { dockerImageArtifact, dockerExportArtifact } from '../../../docker/artifacts.js';
import { dockerCache } from './cache.js';

export const builder: BuilderFactory = {
  create: (raw) => dockerBuilder(raw, realDockerDriver(new DockerClient(resolveEndpoint()))),
};

/** The builder over a driver (test/docker/steps.test.ts gives a fake one). */
export function dockerBuilder(raw: Record<string, unknown>, d: DockerDriver): Builder {
  const c = readConfig(raw);
  return {
    ...dockerCache(d.client, c),
    steps(common) {
      return [
        engineStep(d),
        ...(c.pull ? [pullStep(d, c)] : []),
        containerStep(d, c),
        common.connect(connectTarget(d, c)),
        common.provision(),
        c.commit ? commitStep(d, c) : c.exportPath ? exportStep(d, c) : discardStep(),
      ];
    },
    artifact(state: StateBag): Artifact | undefined {
      const imageId = getState(state, S.imageId);
      if (imageId) return dockerImageArtifact(d.client, 'packer.docker', imageId, imageId);
      const path = getState(state, S.exportPath);
      if (path) return dockerExportArtifact(path);
      return undefined;
    },
  };
}
