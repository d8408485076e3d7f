// Packer's manifest file: { builds: [...], last_run_uuid }, appended to on each run.
import { makeDirs } from '../../../core/make-dirs.js';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { PostProcessorFactory } from '../../../core/components.js';
import { writeFileAtomic } from '../../../util/atomic-write.js';

interface ManifestBuild {
  name: string;
  builder_type: string;
  /** Absent with strip_time (Packer omits a zero build_time). */
  build_time?: number;
  /** null when the artifact has no files (null builder, docker images), as Packer's nil slice encodes. */
  files: { name: string; size: number }[] | null;
  artifact_id: string;
  packer_run_uuid: string;
  custom_data: Record<string, string> | null;
}

interface ManifestFile {
  builds: ManifestBuild[];
  last_run_uuid: string;
}

/**
 * An existing manifest, read as Packer reads it: a file of another shape is an error and is
 * left as it is (Packer exits 1 rather than rewrite it).
 */
function parseManifest(output: string, text: string): ManifestFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${output} is not a JSON manifest (${(err as Error).message}); move it away or set another "output"`);
  }
  const shape = (what: string) =>
    new Error(`${output} is not a Packer manifest: ${what}; move it away or set another "output" (the file was left as it is)`);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw shape('it is not a JSON object');
  const m = data as Record<string, unknown>;
  if (m.builds !== undefined && m.builds !== null) {
    if (!Array.isArray(m.builds)) throw shape('"builds" is not a list');
    if (m.builds.some((b) => b === null || typeof b !== 'object' || Array.isArray(b))) throw shape('an entry of "builds" is not an object');
  }
  if (m.last_run_uuid !== undefined && m.last_run_uuid !== null && typeof m.last_run_uuid !== 'string') throw shape('"last_run_uuid" is not a string');
  return { builds: (m.builds as ManifestBuild[] | null | undefined) ?? [], last_run_uuid: (m.last_run_uuid as string | undefined) ?? '' };
}

// Builds of one run finish at the same time: serialise writes to one file within this process.
const queues = new Map<string, Promise<unknown>>();

export const postProcessor: PostProcessorFactory = {
  summary: (config) => String(config.output ?? 'packer-manifest.json'),
  create(config) {
    return {
      async process(input, ctx) {
        const output = ctx.render(String(config.output ?? 'packer-manifest.json'));
        const files: { name: string; size: number }[] = [];
        for (const f of input.files) {
          const size = await stat(f).then((s) => s.size, () => 0);
          files.push({ name: config.strip_path === true ? basename(f) : f, size });
        }
        const custom = config.custom_data as Record<string, string> | undefined;
        const entry: ManifestBuild = {
          name: ctx.buildName,
          builder_type: ctx.builderType,
          ...(config.strip_time === true ? {} : { build_time: Math.floor(Date.now() / 1000) }),
          files: files.length > 0 ? files : null,
          artifact_id: input.id,
          packer_run_uuid: ctx.runUuid,
          custom_data: custom && Object.keys(custom).length > 0 ? custom : null,
        };
        const write = async () => {
          let manifest: ManifestFile = { builds: [], last_run_uuid: '' };
          const old = await readFile(output, 'utf8').catch(() => undefined);
          if (old !== undefined && old.trim() !== '') manifest = parseManifest(output, old);
          manifest.builds.push(entry);
          manifest.last_run_uuid = ctx.runUuid;
          let text = JSON.stringify(manifest, null, 2);
          if (ctx.redact) text = ctx.redact(text);
          if (dirname(output) !== '.') makeDirs(dirname(output));
          await writeFileAtomic(output, text, { mode: 0o664 });
        };
        const prev = queues.get(output) ?? Promise.resolve();
        const next = prev.then(write, write);
        queues.set(output, next.catch(() => {}));
        await next;
        return { artifact: input, keep: true, forceOverride: true };
      },
    };
  },
};
