import type { ProvisionerFactory } from '../../../core/components.js';
import { runShellLocal, summarize, type ShellLocalConfig } from './run-local.js';

export const provisioner: ProvisionerFactory = {
  summary: summarize,
  create(config) {
    return { provision: (ctx) => runShellLocal(config as ShellLocalConfig, ctx) };
  },
  // It acts on this machine: a cached run would skip that, so the cache stops before it.
  cacheInputs: () => null,
};
