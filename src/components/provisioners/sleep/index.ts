import type { ProvisionerFactory } from '../../../core/components.js';
import { goDuration } from '../../../util/duration.js';
import { sleep } from '../../../util/sleep.js';
import type { SleepConfig } from './schema.js';

export const provisioner: ProvisionerFactory = {
  summary: (config) => goDuration((config as SleepConfig).duration),
  create(config) {
    const { duration } = config as SleepConfig;
    return {
      // Go's time.Sleep: a negative duration returns at once.
      provision: (ctx) => sleep(duration, ctx.signal),
    };
  },
};
