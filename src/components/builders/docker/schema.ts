import type { BuilderSchema } from '../../../schema/types.js';
import { engineAnswers } from '../../../docker/detect.js';

/** Packer 1.6.6's default: a detached container whose shell waits on stdin. */
export const DEFAULT_RUN_COMMAND = ['-d', '-i', '-t', '--entrypoint=/bin/sh', '--', '{{.Image}}'];

/** Instructions `changes` may hold (what `docker commit --change` accepts). */
export const CHANGE_INSTRUCTIONS = ['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'ONBUILD', 'USER', 'VOLUME', 'WORKDIR'];

export const definition: BuilderSchema = {
  kind: 'builder',
  type: 'docker',
  description: 'Starts a container from an image, provisions it, then commits it to an image, exports it to a tar or discards it',
  communicators: ['docker', 'ssh', 'none'],
  runsHere: engineAnswers,
  fields: {
    aws_access_key: { type: 'string', description: 'Packer: ECR login key (in Packer templates; pack accepts it and does not use it)', advanced: true, sensitive: true },
    aws_secret_key: { type: 'string', description: 'Packer: ECR login secret (in Packer templates; pack accepts it and does not use it)', advanced: true, sensitive: true },
    aws_token: { type: 'string', description: 'Packer: ECR session token (in Packer templates; pack accepts it and does not use it)', advanced: true, sensitive: true },
    aws_profile: { type: 'string', description: 'Packer: AWS profile for ECR login (in Packer templates; pack accepts it and does not use it)', advanced: true },
    pty: { type: 'boolean', description: 'Packer: give the container a pseudo-terminal (in Packer templates; pack accepts it and does not use it)', advanced: true },
    image: { type: 'string', required: true, description: 'The base image for the container, e.g. "ubuntu:20.04"', example: 'debian:bookworm' },
    commit: { type: 'boolean', description: 'Commit the container to an image when the build ends (one of commit, discard, export_path)' },
    discard: { type: 'boolean', description: 'Throw the container away when the build ends (one of commit, discard, export_path)' },
    export_path: { type: 'string', description: 'Export the container\'s filesystem to this tar file (one of commit, discard, export_path)', example: 'image.tar' },
    pull: { type: 'boolean', default: true, description: 'Pull the image before starting; turn off for images that exist only locally' },
    changes: {
      type: 'string[]',
      description: 'Dockerfile instructions applied when committing: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME, WORKDIR',
      example: 'CMD ["nginx", "-g", "daemon off;"]',
    },
    author: { type: 'string', description: 'Author recorded in the committed image', advanced: true },
    message: { type: 'string', description: 'Commit message recorded in the committed image', advanced: true },
    run_command: {
      type: 'string[]',
      default: DEFAULT_RUN_COMMAND,
      description: 'Arguments of `docker run` that start the container; {{.Image}} is the image',
      advanced: true,
    },
    volumes: { type: 'map', description: 'Host paths mounted into the container: {"/host/path": "/container/path"}', advanced: true },
    privileged: { type: 'boolean', default: false, description: 'Run the container privileged', advanced: true },
    container_dir: {
      type: 'string',
      default: '/packer-files',
      description: 'Where Packer mounts its staging folder in the container; pack copies files through the Engine API instead and mounts nothing',
      advanced: true,
    },
    exec_user: { type: 'string', description: 'User (name or uid[:gid]) that commands run as inside the container', advanced: true },
    fix_upload_owner: {
      type: 'boolean',
      default: true,
      description: 'Give uploaded files to exec_user (or root) instead of the local owner',
      advanced: true,
    },
    platform: { type: 'string', description: 'Platform of the image to pull and run, e.g. "linux/amd64" (from newer Packer; 1.6.6 lacks it)', advanced: true },
    windows_container: { type: 'boolean', default: false, description: 'The container runs Windows (not supported by pack yet)', advanced: true },
    cap_add: { type: 'string[]', description: 'Linux capabilities added to the container', advanced: true },
    cap_drop: { type: 'string[]', description: 'Linux capabilities dropped from the container', advanced: true },
    tmpfs: { type: 'string[]', description: 'tmpfs mounts: "/path[:options]"', advanced: true },
    device: { type: 'string[]', description: 'Host devices added to the container: "/dev/x[:/dev/y[:rwm]]"', advanced: true },
    login: { type: 'boolean', default: false, description: 'Log in to a registry before pulling', advanced: true },
    login_server: { type: 'string', description: 'Registry to log in to', advanced: true },
    login_username: { type: 'string', description: 'Registry user name', advanced: true },
    login_password: { type: 'string', sensitive: true, description: 'Registry password', advanced: true },
    ecr_login: { type: 'boolean', default: false, description: 'Log in to Amazon ECR (not supported by pack yet)', advanced: true },
  },
  check(config) {
    const problems: string[] = [];
    const modes = ['commit', 'discard', 'export_path'].filter((k) => {
      const v = config[k];
      return v !== undefined && v !== false && v !== '' && v !== 'false';
    });
    if (modes.length !== 1) {
      problems.push(
        modes.length === 0
          ? 'one of "commit", "discard" or "export_path" must be set'
          : `only one of "commit", "discard" or "export_path" may be set (found ${modes.join(', ')})`,
      );
    }
    const changes = config.changes;
    if (Array.isArray(changes)) {
      for (const c of changes) {
        const word = String(c).trim().split(/\s+/)[0]?.toUpperCase() ?? '';
        if (!CHANGE_INSTRUCTIONS.includes(word)) {
          problems.push(`changes: "${c}" does not start with one of ${CHANGE_INSTRUCTIONS.join(', ')}`);
        }
      }
    }
    if ((config.login === true || config.login === 'true') && !config.login_server) problems.push('"login_server" is required with "login": true');
    if (config.windows_container === true) problems.push('"windows_container" is not supported by pack yet');
    if (config.ecr_login === true) problems.push('"ecr_login" is not supported by pack yet');
    return problems;
  },
};
