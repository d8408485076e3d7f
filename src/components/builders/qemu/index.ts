// The qemu builder: boots QEMU from an ISO or a disk image, types boot_command through QMP,
// provisions over SSH through a forwarded port, shuts down and keeps the disk image.
// Its own steps are in steps.ts; the others are the shared builder steps of src/steps.
import { rmSync } from 'node:fs';
import { getState, type Artifact, type Builder, type BuilderFactory, type StateBag } from '../../../core/components.js';
import { bootCommandStep, checkOutputDir, downloadStep, httpServerStep, outputDirStep, shutdownStep, sshKeyPairStep, STEP_KEYS } from '../../../steps/index.js';
import { readConfig } from './config.js';
import { realQemuDriver, type QemuDriver } from '../../../qemu/driver.js';
import { qemuCache, savedKeyPair } from './cache.js';
import {
  S,
  USER_NET_HOST_IP,
  connectTarget,
  diskStep,
  finalizeStep,
  outputFiles,
  runStep,
  templateData,
  typeWithQmp,
  unsupportedStep,
} from './steps.js';

export const BUILDER_ID = 'transcend.qemu';

export const builder: BuilderFactory = {
  create(raw, ctx) {
    const b = qemuBuilder(raw, ctx.buildName, realQemuDriver);
    // As Packer's prepare: an existing output folder needs -force, and -force has limits.
    checkOutputDir({ dir: readConfig(raw, ctx.buildName).outputDirectory }, ctx);
    return b;
  },
};

/** The builder over a driver (test/qemu/steps.test.ts gives a fake one). */
export function qemuBuilder(raw: Record<string, unknown>, buildName: string, driver: QemuDriver): Builder {
  const c = readConfig(raw, buildName);
  const idPrefix = 'qemu';
  return {
    ...qemuCache(raw, c),
    steps(common) {
      return [
        unsupportedStep(c),
        downloadStep({
          urls: c.isoUrls,
          checksum: c.isoChecksum,
          targetPath: c.isoTargetPath,
          extension: c.isoTargetExtension,
          skipCache: c.isoSkipCache,
          key: S.isoPath,
          id: 'qemu:iso',
          title: c.disk_image ? 'Obtain the disk image' : 'Obtain the ISO',
          ...(c.disk_image ? { fields: { url: 'iso_url', checksum: 'iso_checksum', what: 'disk image' } } : {}),
        }),
        // After the download: nothing is deleted before the inputs are known to be there.
        outputDirStep({ dir: c.outputDirectory, idPrefix }),
        diskStep(c, driver),
        sshKeyPairStep({ comment: 'pack-qemu', idPrefix, reuse: (state) => savedKeyPair(getState(state, S.cacheDisks)) }),
        httpServerStep({
          directory: c.httpDirectory,
          content: c.httpContent,
          bindAddress: c.httpBindAddress,
          portMin: c.httpPortMin,
          portMax: c.httpPortMax,
          guestIp: USER_NET_HOST_IP,
          data: (state) => templateData(c, state),
          idPrefix,
        }),
        runStep(c, driver),
        bootCommandStep({
          waitMs: c.bootWaitMs,
          command: c.bootCommand,
          data: (state) => templateData(c, state),
          type: (rendered, state, bctx) => typeWithQmp(c, rendered, state, bctx),
          skip: (state) => (getState(state, S.cacheDisks)?.loadvm ? 'The machine was resumed from the build cache: no boot_wait, no boot command' : undefined),
          idPrefix,
        }),
        common.connect(connectTarget(c)),
        common.provision(),
        shutdownStep({ command: c.shutdownCommand, timeoutMs: c.shutdownTimeoutMs, machine: (state) => getState(state, S.process)!, idPrefix }),
        finalizeStep(c, driver),
      ];
    },
    artifact(state: StateBag): Artifact | undefined {
      const dir = getState(state, STEP_KEYS.outputDir);
      if (!dir || getState(state, STEP_KEYS.outputKept) !== true) return undefined;
      return {
        builderId: BUILDER_ID,
        id: c.vm_name,
        files: outputFiles(dir),
        string: () => `VM files in directory: ${c.outputDirectory}`,
        state: { diskType: c.format, diskSize: c.diskSize, domainType: getState(state, S.accelerator) },
        async destroy() {
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}
