import type { ProvisionerFactory } from '../../../core/components.js';
import { runShellLocal, summarize, type ShellLocalConfig } from './run-local.js';

export const provisioner: ProvisionerFactory = {
  summary: summarize,
  create(config) {
    return { provision: (ctx) => runShellLocal(config as ShellLocalConfig, ctx) };
  },
};
