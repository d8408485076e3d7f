import { existsSync } from 'node:fs';
import type { ComponentSchema } from '../../../schema/types.js';
import { resolveLocalPath } from '../../../template/local-path.js';

/** Packer's names for file (1.6.6); `content` is Packer 1.7's, which pack accepts too. */
export const definition: ComponentSchema = {
  kind: 'provisioner',
  type: 'file',
  description: 'Copies files or folders to the machine (or back from it); with communicator none, copies on this machine',
  fields: {
    source: {
      type: 'string',
      description: 'Local file or folder to upload ("dir/" copies its contents, "dir" the folder itself)',
      example: 'files/app.conf',
    },
    sources: { type: 'string|string[]', description: 'Several local files or folders to upload' },
    content: { type: 'string', description: 'Text to write to destination instead of a source file', advanced: true },
    destination: { type: 'string', required: true, description: 'Where the files go', example: '/tmp/' },
    direction: {
      type: 'string',
      description: 'upload copies to the machine, download copies from it',
      default: 'upload',
      enum: ['upload', 'download'],
      advanced: true,
    },
    generated: {
      type: 'boolean',
      description: 'The source is made during the build, so it need not exist when validating',
      default: false,
      advanced: true,
    },
  },
  check(config, ctx) {
    const errs: string[] = [];
    const sources = [
      ...(typeof config.source === 'string' && config.source !== '' ? [config.source] : []),
      ...(config.sources === undefined ? [] : Array.isArray(config.sources) ? (config.sources as string[]) : [config.sources as string]),
    ];
    const hasContent = typeof config.content === 'string';
    if (hasContent && sources.length > 0) errs.push('Only one of source, sources or content can be specified.');
    if (!hasContent && sources.length === 0) errs.push('Source must be specified.');
    const download = config.direction === 'download';
    if (hasContent && download) errs.push('content can only be uploaded (direction "upload").');
    if (!download && config.generated !== true) {
      for (const s of sources) {
        if (!existsSync(resolveLocalPath(s, ctx.templateDir))) {
          errs.push(`Bad source '${s}': no such file or directory (set generated: true if the build creates it)`);
        }
      }
    }
    return errs;
  },
};
