// The docker communicator: the builder hands over the container and the engine in `target`.
import type { CommunicatorFactory } from '../../../core/components.js';
import { DockerClient } from '../../../docker/client.js';
import { DockerCommunicator } from '../../../docker/communicator.js';
import { endpointFor } from '../../../docker/endpoint.js';

export const communicator: CommunicatorFactory = {
  async connect(config, target, ctx) {
    const merged = { ...config, ...target };
    const containerId = merged.container_id;
    if (typeof containerId !== 'string' || !containerId) {
      throw new Error('the docker communicator needs a container: use it with the docker builder');
    }
    const host = typeof merged.docker_host === 'string' ? merged.docker_host : undefined;
    const client = new DockerClient(endpointFor(host));
    // Packer names the container's address; a container without one (no network) by its id.
    const address = typeof merged.host === 'string' && merged.host ? merged.host : `container ${containerId.slice(0, 12)}`;
    ctx.ui.say(`Using docker communicator to connect: ${address}`);
    return new DockerCommunicator(client, {
      containerId,
      execUser: typeof merged.exec_user === 'string' && merged.exec_user ? merged.exec_user : undefined,
      fixUploadOwner: merged.fix_upload_owner !== false,
    });
  },
  describe(config, target) {
    const merged = { ...config, ...target };
    return {
      ...(typeof merged.container_id === 'string' ? { id: merged.container_id } : {}),
      ...(typeof merged.host === 'string' && merged.host ? { host: merged.host } : {}),
      ...(typeof merged.exec_user === 'string' && merged.exec_user ? { user: merged.exec_user } : {}),
    };
  },
};
