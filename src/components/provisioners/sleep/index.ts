import type { ProvisionerFactory } from '../../../core/components.js';
import { parseDuration, sleep } from '../../../core/duration.js';

export const provisioner: ProvisionerFactory = {
  summary: (config) => String(config.duration ?? ''),
  create(config) {
    return {
      async provision(ctx) {
        const ms = parseDuration(config.duration);
        if (ms === undefined) throw new Error(`duration: "${String(config.duration)}" is not a duration (e.g. "10s")`);
        await sleep(ms, ctx.signal);
      },
    };
  },
};
