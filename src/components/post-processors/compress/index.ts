import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Artifact, PostProcessorFactory } from '../../../core/components.js';
import { formatFromName, UNSUPPORTED, writeArchive, type ArchiveFormat } from './archive.js';

const DEFAULT_OUTPUT = 'packer_{{.BuildName}}_{{.BuilderType}}';

export const postProcessor: PostProcessorFactory = {
  summary: (config) => String(config.output ?? DEFAULT_OUTPUT),
  create(config) {
    return {
      async process(input, ctx) {
        const output = ctx.render(String(config.output ?? DEFAULT_OUTPUT), {
          BuildName: ctx.buildName,
          BuilderType: ctx.builderType,
        });
        const bad = UNSUPPORTED.find((e) => output.toLowerCase().endsWith(e));
        if (bad) throw new Error(`${bad} archives are not supported: use .tar.gz, .tgz, .zip, .gz or .tar`);
        const explicit = typeof config.format === 'string' && config.format ? formatFromName(`x.${config.format}`) : undefined;
        const format: ArchiveFormat = explicit ?? formatFromName(output) ?? 'tar.gz';
        const level = typeof config.compression_level === 'number' ? config.compression_level : 6;
        if (dirname(output) !== '.') await mkdir(dirname(output), { recursive: true });
        const verb = format === 'zip' ? 'Zipping' : format === 'gz' ? 'Compressing' : 'Tarring';
        if (format === 'tar.gz') ctx.ui.say(`Using gzip compression (level ${level < 0 ? 6 : level}) for ${output}`);
        ctx.ui.say(`${verb} ${output}${format === 'tar.gz' ? ' with gzip' : ''}`);
        const tmp = `${output}.${process.pid}.tmp`;
        try {
          await writeArchive(format, input.files, tmp, level);
          await rename(tmp, output);
        } catch (err) {
          await rm(tmp, { force: true });
          throw err;
        }
        ctx.ui.say(`Archive ${output} completed`);
        const artifact: Artifact = {
          builderId: 'packer.post-processor.compress',
          id: output,
          files: [output],
          string: () => `compressed artifacts in: ${output}`,
          destroy: () => rm(output, { force: true }),
        };
        return { artifact };
      },
    };
  },
};
