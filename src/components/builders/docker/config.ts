// The docker builder's config under the names its steps use. The schema has decoded every field
// (Packer's weak booleans included) and applied defaults; nothing here parses again.
import { DEFAULT_RUN_COMMAND } from './schema.js';

export interface DockerBuilderConfig {
  image: string;
  pull: boolean;
  commit: boolean;
  discard: boolean;
  exportPath?: string;
  changes: string[];
  author?: string;
  message?: string;
  runCommand: string[];
  volumes: Record<string, string>;
  privileged: boolean;
  containerDir: string;
  execUser?: string;
  fixUploadOwner: boolean;
  platform?: string;
  capAdd: string[];
  capDrop: string[];
  tmpfs: string[];
  device: string[];
  login: boolean;
  loginServer?: string;
  loginUsername?: string;
  loginPassword?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const bool = (v: unknown, dflt: boolean): boolean => (typeof v === 'boolean' ? v : dflt);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function readConfig(c: Record<string, unknown>): DockerBuilderConfig {
  return {
    image: String(c.image ?? ''),
    pull: bool(c.pull, true),
    commit: bool(c.commit, false),
    discard: bool(c.discard, false),
    exportPath: str(c.export_path),
    changes: list(c.changes),
    author: str(c.author),
    message: str(c.message),
    runCommand: Array.isArray(c.run_command) && c.run_command.length > 0 ? list(c.run_command) : DEFAULT_RUN_COMMAND,
    volumes: (c.volumes && typeof c.volumes === 'object' ? c.volumes : {}) as Record<string, string>,
    privileged: bool(c.privileged, false),
    containerDir: str(c.container_dir) ?? '/packer-files',
    execUser: str(c.exec_user),
    fixUploadOwner: bool(c.fix_upload_owner, true),
    platform: str(c.platform),
    capAdd: list(c.cap_add),
    capDrop: list(c.cap_drop),
    tmpfs: list(c.tmpfs),
    device: list(c.device),
    login: bool(c.login, false),
    loginServer: str(c.login_server),
    loginUsername: str(c.login_username),
    loginPassword: str(c.login_password),
  };
}

/** The container's run settings besides run_command (create's options; part of a cache key). */
export function runSettings(c: DockerBuilderConfig) {
  return {
    volumes: c.volumes,
    privileged: c.privileged,
    capAdd: c.capAdd,
    capDrop: c.capDrop,
    tmpfs: c.tmpfs,
    device: c.device,
    platform: c.platform,
  };
}
