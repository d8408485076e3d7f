import { makeDirs } from '../../../core/make-dirs.js';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PostProcessorFactory } from '../../../core/components.js';
import { filesArtifact } from '../../../core/artifact.js';
import { writeAtomicWith } from '../../../util/atomic-write.js';
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
        if (dirname(output) !== '.') makeDirs(dirname(output));
        const verb = format === 'zip' ? 'Zipping' : format === 'gz' ? 'Compressing' : 'Tarring';
        if (format === 'tar.gz') ctx.ui.say(`Using gzip compression (level ${level < 0 ? 6 : level}) for ${output}`);
        ctx.ui.say(`${verb} ${output}${format === 'tar.gz' ? ' with gzip' : ''}`);
        const total = (await Promise.all(input.files.map((f) => stat(f).then((st) => st.size)))).reduce((a, b) => a + b, 0);
        // Progress for the dashboard, at most every 100 ms.
        let last = 0;
        const onBytes = (bytes: number) => {
          const now = Date.now();
          if (now - last < 100) return;
          last = now;
          ctx.ui.progress({ id: 'compress', label: output, bytes, total });
        };
        try {
          await writeAtomicWith(output, (tmp) => writeArchive(format, input.files, tmp, level, ctx.signal, onBytes));
        } catch (err) {
          if (ctx.signal.aborted) throw new Error('Build was cancelled.');
          throw err;
        }
        ctx.ui.progress({ id: 'compress', label: output, bytes: total, total, done: true });
        ctx.ui.say(`Archive ${output} completed`);
        const artifact = filesArtifact('packer.post-processor.compress', [output], `compressed artifacts in: ${output}`, output);
        return { artifact };
      },
    };
  },
};
