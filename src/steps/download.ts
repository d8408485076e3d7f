// Download with checksum and cache: an ISO, a disk image or any URL (local paths and file://
// used in place, through the one local-path resolver; "file:" checksum lists found the same way).
// Reads: nothing. Writes: the key the builder gives (the verified file's local path).
import { resolve } from 'node:path';
import { setState, type StateKey, type Step } from '../core/components.js';
import { obtainFile, ISO_FIELDS, type DownloadFields } from '../download/download.js';
import { progressReporter } from '../core/transfer-progress.js';

export interface DownloadStepOptions {
  urls: string[];
  checksum: string;
  targetPath?: string;
  extension: string;
  skipCache: boolean;
  fields?: DownloadFields;
  /** Where the path goes. */
  key: StateKey<string>;
  id: string;
  title: string;
}

export function downloadStep(o: DownloadStepOptions): Step {
  const f = o.fields ?? ISO_FIELDS;
  return {
    id: o.id,
    title: o.title,
    kind: 'builder',
    async run(state, ctx) {
      if (o.checksum.toLowerCase() === 'none') ctx.ui.say(`A checksum of 'none' was specified: the ${f.what} is not verified`);
      ctx.ui.say(`Retrieving ${f.what}`);
      const progress = progressReporter(ctx.ui, `${f.what} download`);
      const path = await obtainFile({
        urls: o.urls,
        checksum: o.checksum,
        templateDir: ctx.templateDir,
        fields: f,
        cacheDir: process.env.PACKER_CACHE_DIR ? resolve(process.env.PACKER_CACHE_DIR) : resolve('packer_cache'),
        targetPath: o.targetPath,
        extension: o.extension,
        skipCache: o.skipCache,
        signal: ctx.signal,
        log: (line) => ctx.ui.message(line),
        onProgress: (bytes, total, done) => (done ? progress.done() : progress.onProgress(bytes, total)),
      });
      setState(state, o.key, path);
      return 'continue';
    },
  };
}
