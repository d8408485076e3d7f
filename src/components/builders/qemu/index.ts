// The qemu builder: boots QEMU from an ISO or a disk image, types boot_command through QMP,
// provisions over SSH through a forwarded port, shuts down and keeps the disk image.
import { rmSync } from 'node:fs';
import type { Artifact, Builder, BuilderFactory, StateBag } from '../../../core/components.js';
import { readConfig } from './config.js';
import { qemuCache } from './cache.js';
import {
  S,
  bootStep,
  connectTarget,
  diskStep,
  finalizeStep,
  httpStep,
  isoStep,
  keyPairStep,
  outputFiles,
  outputStep,
  runStep,
  shutdownStep,
} from './steps.js';

export const BUILDER_ID = 'transcend.qemu';

export const builder: BuilderFactory = {
  create(raw, ctx): Builder {
    const c = readConfig(raw, ctx.buildName);
    return {
      ...qemuCache(raw, c),
      steps(common) {
        return [
          outputStep(c),
          isoStep(c),
          diskStep(c),
          keyPairStep(),
          httpStep(c),
          runStep(c),
          bootStep(c),
          common.connect(connectTarget(c)),
          common.provision(),
          shutdownStep(c),
          finalizeStep(c),
        ];
      },
      artifact(state: StateBag): Artifact | undefined {
        const dir = state.get(S.outputDir) as string | undefined;
        if (!dir || state.get(S.done) !== true) return undefined;
        return {
          builderId: BUILDER_ID,
          id: c.vm_name,
          files: outputFiles(dir),
          string: () => `VM files in directory: ${c.outputDirectory}`,
          state: { diskType: c.format, diskSize: c.diskSize, domainType: state.get(S.accelerator) },
          async destroy() {
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    };
  },
};
