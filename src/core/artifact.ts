import { rm } from 'node:fs/promises';
import type { Artifact } from './components.js';

/** An artifact that is a list of local files; destroying it removes them. */
export function filesArtifact(builderId: string, files: string[], description: string, id = ''): Artifact {
  return {
    builderId,
    id,
    files,
    string: () => description,
    destroy: async () => {
      for (const f of files) await rm(f, { force: true });
    },
  };
}
