// What docker post-processors need from their input artifact.
import type { Artifact } from '../core/components.js';
import { DockerClient } from './client.js';
import { endpointFor } from './endpoint.js';
import type { DockerArtifactState } from './artifacts.js';

export function acceptOnly(input: Artifact, who: string, builderIds: string[]): void {
  if (!builderIds.includes(input.builderId)) {
    throw new Error(`${who} can only work on artifacts of ${builderIds.join(', ')}; this one comes from ${input.builderId}`);
  }
}

export function clientFor(input: Artifact): DockerClient {
  const host = (input.state as Partial<DockerArtifactState> | undefined)?.dockerHost;
  return new DockerClient(endpointFor(host));
}

/** The image to act on: the engine's id when known, else the artifact's id (repo:tag). */
export function imageIdOf(input: Artifact): string {
  const s = input.state as Partial<DockerArtifactState> | undefined;
  return s?.imageId ?? input.id;
}
