// State keys the shared builder steps write (the core's own are STATE in core/components.ts).
import { stateKey } from '../core/components.js';

export const STEP_KEYS = {
  /** Absolute path of the build's output folder (outputDirStep). */
  outputDir: stateKey<string>('steps.outputDir'),
  /** Set by the builder's last step: the output folder is the artifact, keep it. */
  outputKept: stateKey<boolean>('steps.outputKept'),
};
