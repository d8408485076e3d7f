// The docker builder's steps: engine check, pull, create+start (cleanup removes the container),
// then commit, export or discard once provisioning is done.
import { randomUUID } from 'node:crypto';
import type { BuildContext, StateBag, Step } from '../../../core/components.js';
import { STATE } from '../../../core/components.js';
import { DockerApiError, DockerClient } from '../../../docker/client.js';
import { describeEndpoint } from '../../../docker/endpoint.js';
import { UserError } from '../../../errors.js';
import { registryAuthHeader } from '../../../docker/auth.js';
import { createRequest } from '../../../docker/run-command.js';
import { normalizeImageId, refuseOverwrite, writeStreamAtomically } from '../../../docker/images.js';
import { runSettings, type DockerBuilderConfig } from './config.js';

export const S = {
  containerId: 'docker.containerId',
  containerIp: 'docker.containerIp',
  imageId: 'docker.imageId',
  exportPath: 'docker.exportPath',
  /** pack build -cache: the image a resumed build starts its container from (cache.ts). */
  resumeImage: 'docker.cache.resumeImage',
} as const;

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

export function engineStep(client: DockerClient): Step {
  return {
    id: 'docker:engine',
    title: 'Reach the Docker engine',
    kind: 'builder',
    async run(_state, ctx) {
      // An address that swallows packets would otherwise hang until the OS gives up (minutes).
      const ms = Number(process.env.PACK_DOCKER_PING_TIMEOUT_MS) || 15_000;
      const timeout = AbortSignal.timeout(ms);
      try {
        await client.ping(AbortSignal.any([ctx.signal, timeout]));
      } catch (e) {
        if (timeout.aborted && !ctx.signal.aborted) {
          throw new UserError(
            `No answer from a Docker engine through ${describeEndpoint(client.endpoint)} within ${ms / 1000} s. ` +
              'Check that the engine runs and that DOCKER_HOST names its socket (unix:///path) or address (tcp://host:port).',
          );
        }
        throw e;
      }
      return 'continue';
    },
  };
}

export function pullStep(client: DockerClient, c: DockerBuilderConfig): Step {
  return {
    id: 'docker:pull',
    title: `Pull ${c.image}`,
    kind: 'builder',
    async run(_state, ctx) {
      ctx.ui.say(`Pulling Docker image: ${c.image}`);
      if (c.loginPassword) ctx.addSecret(c.loginPassword);
      let last = '';
      try {
        await client.progress(
          'POST',
          '/images/create',
          { query: { fromImage: c.image, platform: c.platform }, headers: registryAuthHeader(login(c)), signal: ctx.signal },
          (m) => {
            const line = [m.id, m.status].filter(Boolean).join(': ');
            // Layers report progress many times a second: show each status once.
            if (line && line !== last && !m.progressDetail?.current) ctx.ui.message(line);
            last = line;
          },
        );
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        throw new Error(`Error pulling Docker image ${c.image}: ${(e as Error).message}`);
      }
      return 'continue';
    },
  };
}

export function containerStep(client: DockerClient, c: DockerBuilderConfig): Step {
  // A name of our own, so that cleanup finds a container whose create was interrupted.
  const fallbackName = `pack-${randomUUID().slice(0, 12)}`;
  return {
    id: 'docker:container',
    title: 'Start the container',
    kind: 'builder',
    async run(state, ctx) {
      // pack build -cache: the image of the longest cached prefix, when there is one.
      const resumed = state.get(S.resumeImage) as string | undefined;
      const args = renderRunCommand(c.runCommand, resumed ?? c.image, ctx);
      const req = createRequest(args, runSettings(c));
      req.query.name ??= fallbackName;
      state.set('docker.containerName', req.query.name);
      ctx.ui.say('Starting docker container...');
      ctx.ui.message(`Run command: docker run ${args.join(' ')}`);
      let created: { Id: string };
      try {
        // Not cut short by Ctrl-C: an engine whose create is interrupted can keep a half-made container
        // (Podman then fails to list containers at all). It is quick; cleanup removes what it made.
        created = await client.json('POST', '/containers/create', { query: req.query, body: req.body });
      } catch (e) {
        if (e instanceof DockerApiError && e.status === 404) {
          throw new Error(
            `The image "${c.image}" does not exist${c.pull ? '' : ' locally, and "pull" is false'}: ${e.message}. ` +
              (c.pull ? 'Check its name and tag.' : 'Pull or build it first, or set "pull": true.'),
          );
        }
        throw e;
      }
      state.set(S.containerId, created.Id);
      // Every provisioner came from the build cache: commit and export need the container, not a running one.
      if (state.get(STATE.cacheComplete) === true) return 'continue';
      await client.call('POST', `/containers/${created.Id}/start`, { accept: [304] });
      ctx.ui.message(`Container ID: ${created.Id}`);
      const info = await client.json<{ NetworkSettings?: { IPAddress?: string } }>('GET', `/containers/${created.Id}/json`);
      const ip = info.NetworkSettings?.IPAddress;
      if (ip) state.set(S.containerIp, ip);
      return 'continue';
    },
    async cleanup(state, ctx) {
      const id = state.get(S.containerId) as string | undefined;
      const name = state.get('docker.containerName') as string | undefined;
      const ref = id ?? name;
      if (!ref) return;
      // Without an id the create was interrupted or failed: remove by name, quietly, in case it exists.
      if (id) ctx.ui.say(`Killing the container: ${id}`);
      try {
        // No signal: cleanup must finish also after Ctrl-C.
        await client.call('DELETE', `/containers/${encodeURIComponent(ref)}`, { query: { force: true, v: true } });
      } catch (e) {
        if (e instanceof DockerApiError && e.status === 404) return;
        if (id || !(e instanceof DockerApiError)) ctx.ui.error(`Error removing container ${ref}: ${(e as Error).message}`);
      }
    },
  };
}

/** The connect step's target: what the communicators learn only now. */
export function connectTarget(client: DockerClient, c: DockerBuilderConfig) {
  return (state: StateBag): Record<string, unknown> => ({
    container_id: state.get(S.containerId),
    docker_host: client.endpoint.url,
    exec_user: c.execUser,
    container_dir: c.containerDir,
    fix_upload_owner: c.fixUploadOwner,
    // For ssh with the docker builder, as Packer does: the container's address.
    ...(state.get(S.containerIp) ? { host: state.get(S.containerIp), ssh_host: state.get(S.containerIp) } : {}),
  });
}

export function commitStep(client: DockerClient, c: DockerBuilderConfig): Step {
  return {
    id: 'docker:commit',
    title: 'Commit the container',
    kind: 'builder',
    async run(state, ctx) {
      const id = state.get(S.containerId) as string;
      ctx.ui.say('Committing the container');
      // Podman wants a JSON body, and takes CMD/LABEL... only as changes= parameters (Docker takes both).
      const res = await client.json<{ Id?: string; id?: string }>('POST', '/commit', {
        query: { container: id, author: c.author, comment: c.message, changes: c.changes, pause: true },
        body: {},
        // Like create: a commit is not cut short half-way; the build stops right after it.
      });
      const imageId = normalizeImageId(res.Id ?? res.id);
      if (!imageId) throw new Error(`the engine committed the container but returned no image id: ${JSON.stringify(res)}`);
      state.set(S.imageId, imageId);
      ctx.ui.message(`Image ID: ${imageId}`);
      return 'continue';
    },
  };
}

export function exportStep(client: DockerClient, c: DockerBuilderConfig): Step {
  const path = c.exportPath!;
  return {
    id: 'docker:export',
    title: `Export to ${path}`,
    kind: 'builder',
    async run(state, ctx) {
      await refuseOverwrite(path, ctx.force, 'export_path');
      const id = state.get(S.containerId) as string;
      ctx.ui.say('Exporting the container');
      const res = await client.request('GET', `/containers/${id}/export`, { signal: ctx.signal });
      const progressId = 'docker-export';
      const bytes = await writeStreamAtomically(res, path, (b) => ctx.ui.progress({ id: progressId, label: `export ${path}`, bytes: b }));
      ctx.ui.progress({ id: progressId, label: `export ${path}`, bytes, total: bytes, done: true });
      state.set(S.exportPath, path);
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
