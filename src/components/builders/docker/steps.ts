// The docker builder's steps: engine check, pull, create+start (cleanup removes the container),
// then commit, export or discard once provisioning is done.
import { randomUUID } from 'node:crypto';
import { getState, setState, stateKey, type BuildContext, type StateBag, type Step } from '../../../core/components.js';
import { DockerApiError } from '../../../docker/client.js';
import type { DockerDriver } from '../../../docker/driver.js';
import { STATE } from '../../../core/components.js';
import { UserError } from '../../../errors.js';
import { registryAuthHeader } from '../../../docker/auth.js';
import { createRequest } from '../../../docker/run-command.js';
import { normalizeImageId, refuseOverwrite, writeStreamAtomically } from '../../../docker/images.js';
import { runSettings, type DockerBuilderConfig } from './config.js';
import { trackLeftover } from '../../../core/leftovers.js';

/** State key: forgets the container in the force-quit list once it is removed. */
const RELEASE_CONTAINER = stateKey<() => void>('docker.releaseContainer');

/** State keys of this builder. */
export const S = {
  containerName: stateKey<string>('docker.containerName'),
  containerId: stateKey<string>('docker.containerId'),
  containerIp: stateKey<string>('docker.containerIp'),
  imageId: stateKey<string>('docker.imageId'),
  exportPath: stateKey<string>('docker.exportPath'),
  /** pack build -cache: the image a resumed build starts its container from (cache.ts). */
  resumeImage: stateKey<string>('docker.cache.resumeImage'),
};

function login(c: DockerBuilderConfig) {
  return c.login ? { username: c.loginUsername, password: c.loginPassword, serveraddress: c.loginServer } : undefined;
}

/** Resolves {{.Image}} in run_command: here first (the only field it has), then the template engine. */
export function renderRunCommand(args: string[], image: string, ctx: BuildContext): string[] {
  return args.map((a) => {
    const replaced = a.replace(/\{\{\s*\.Image\s*\}\}/g, image);
    return replaced.includes('{{') ? ctx.render(replaced, { Image: image }) : replaced;
  });
}

/** Reads and writes nothing: fails early when no engine answers. */
export function engineStep(d: DockerDriver): Step {
  return {
    id: 'docker:engine',
    title: 'Reach the Docker engine',
    kind: 'builder',
    async run(_state, ctx) {
      // An address that swallows packets would otherwise hang until the OS gives up (minutes).
      const ms = Number(process.env.PACK_DOCKER_PING_TIMEOUT_MS) || 15_000;
      const timeout = AbortSignal.timeout(ms);
      try {
        await d.ping(AbortSignal.any([ctx.signal, timeout]));
      } catch (e) {
        if (timeout.aborted && !ctx.signal.aborted) {
          throw new UserError(
            `No answer from a Docker engine through ${d.describeEndpoint()} within ${ms / 1000} s. ` +
              'Check that the engine runs and that DOCKER_HOST names its socket (unix:///path) or address (tcp://host:port).',
          );
        }
        throw e;
      }
      return 'continue';
    },
  };
}

/** Reads and writes nothing. */
export function pullStep(d: DockerDriver, c: DockerBuilderConfig): Step {
  return {
    id: 'docker:pull',
    title: `Pull ${c.image}`,
    kind: 'builder',
    async run(_state, ctx) {
      ctx.ui.say(`Pulling Docker image: ${c.image}`);
      if (c.loginPassword) ctx.addSecret(c.loginPassword);
      let last = '';
      try {
        await d.pull(c.image, c.platform, registryAuthHeader(login(c)), ctx.signal, (m) => {
          const line = [m.id, m.status].filter(Boolean).join(': ');
          // Layers report progress many times a second: show each status once.
          if (line && line !== last && !m.progressDetail?.current) ctx.ui.message(line);
          last = line;
        });
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        throw new Error(`Error pulling Docker image ${c.image}: ${(e as Error).message}`);
      }
      return 'continue';
    },
  };
}

/** Writes S.containerName, S.containerId, S.containerIp; its cleanup removes the container. */
export function containerStep(d: DockerDriver, c: DockerBuilderConfig): Step {
  // A name of our own, so that cleanup finds a container whose create was interrupted.
  const fallbackName = `pack-${randomUUID().slice(0, 12)}`;
  return {
    id: 'docker:container',
    title: 'Start the container',
    kind: 'builder',
    async run(state, ctx) {
      // pack build -cache: the image of the longest cached prefix, when there is one.
      const resumed = getState(state, S.resumeImage);
      const args = renderRunCommand(c.runCommand, resumed ?? c.image, ctx);
      const req = createRequest(args, runSettings(c));
      req.query.name ??= fallbackName;
      setState(state, S.containerName, String(req.query.name));
      ctx.ui.say('Starting docker container...');
      ctx.ui.message(`Run command: docker run ${args.join(' ')}`);
      let id: string;
      try {
        // Not cut short by Ctrl-C: an engine whose create is interrupted can keep a half-made container
        // (Podman then fails to list containers at all). It is quick; cleanup removes what it made.
        id = await d.createContainer({ query: req.query, body: req.body });
      } catch (e) {
        if (e instanceof DockerApiError && e.status === 404) {
          throw new Error(
            `The image "${c.image}" does not exist${c.pull ? '' : ' locally, and "pull" is false'}: ${e.message}. ` +
              (c.pull ? 'Check its name and tag.' : 'Pull or build it first, or set "pull": true.'),
          );
        }
        throw e;
      }
      setState(state, S.containerId, id);
      setState(state, RELEASE_CONTAINER, trackLeftover(`docker container ${id} (remove: docker rm -f ${id})`));
      // Every provisioner came from the build cache: commit and export need the container, not a running one.
      if (getState(state, STATE.cacheComplete) === true) return 'continue';
      await d.startContainer(id);
      ctx.ui.message(`Container ID: ${id}`);
      const ip = await d.containerIp(id);
      if (ip) setState(state, S.containerIp, ip);
      return 'continue';
    },
    async cleanup(state, ctx) {
      const id = getState(state, S.containerId);
      const name = getState(state, S.containerName);
      const ref = id ?? name;
      if (!ref) return;
      // Without an id the create was interrupted or failed: remove by name, quietly, in case it exists.
      if (id) ctx.ui.say(`Killing the container: ${id}`);
      try {
        // No signal: cleanup must finish also after Ctrl-C.
        await d.removeContainer(ref);
        getState(state, RELEASE_CONTAINER)?.();
      } catch (e) {
        if (e instanceof DockerApiError && e.status === 404) return getState(state, RELEASE_CONTAINER)?.();
        if (id || !(e instanceof DockerApiError)) ctx.ui.error(`Error removing container ${ref}: ${(e as Error).message}`);
      }
    },
  };
}

/** The connect step's target: what the communicators learn only now. */
export function connectTarget(d: DockerDriver, c: DockerBuilderConfig) {
  return (state: StateBag): Record<string, unknown> => ({
    container_id: getState(state, S.containerId),
    docker_host: d.endpointUrl,
    exec_user: c.execUser,
    container_dir: c.containerDir,
    fix_upload_owner: c.fixUploadOwner,
    // For ssh with the docker builder, as Packer does: the container's address.
    ...(getState(state, S.containerIp) ? { host: getState(state, S.containerIp), ssh_host: getState(state, S.containerIp) } : {}),
  });
}

/** Reads S.containerId; writes S.imageId. */
export function commitStep(d: DockerDriver, c: DockerBuilderConfig): Step {
  return {
    id: 'docker:commit',
    title: 'Commit the container',
    kind: 'builder',
    async run(state, ctx) {
      const id = getState(state, S.containerId)!;
      ctx.ui.say('Committing the container');
      // Like create: a commit is not cut short half-way; the build stops right after it.
      const res = await d.commit(id, { author: c.author, comment: c.message, changes: c.changes });
      const imageId = normalizeImageId(res.Id ?? res.id);
      if (!imageId) throw new Error(`the engine committed the container but returned no image id: ${JSON.stringify(res)}`);
      setState(state, S.imageId, imageId);
      ctx.ui.message(`Image ID: ${imageId}`);
      return 'continue';
    },
  };
}

/** Reads S.containerId; writes S.exportPath. */
export function exportStep(d: DockerDriver, c: DockerBuilderConfig): Step {
  const path = c.exportPath!;
  return {
    id: 'docker:export',
    title: `Export to ${path}`,
    kind: 'builder',
    async run(state, ctx) {
      await refuseOverwrite(path, ctx.force, 'export_path');
      const id = getState(state, S.containerId)!;
      ctx.ui.say('Exporting the container');
      const res = await d.exportContainer(id, ctx.signal);
      const progressId = 'docker-export';
      const bytes = await writeStreamAtomically(res, path, (b) => ctx.ui.progress({ id: progressId, label: `export ${path}`, bytes: b }));
      ctx.ui.progress({ id: progressId, label: `export ${path}`, bytes, total: bytes, done: true });
      setState(state, S.exportPath, path);
      return 'continue';
    },
  };
}

export function discardStep(): Step {
  return {
    id: 'docker:discard',
    title: 'Discard the container',
    kind: 'builder',
    async run(_state, ctx) {
      ctx.ui.say('Discarding the container');
      return 'continue';
    },
  };
}
