// Whether the components of a document can work together, checked before the wizard calls a
// template valid: a provisioner that needs a communicator on a build that has none, and a
// post-processor that cannot take the artifact it would get (a docker image, files, nothing).
import type { Problem } from '../errors.js';
import type { Doc, DocComponent } from './document.js';

/** Provisioners that run on this machine and need no communicator. */
const LOCAL_PROVISIONERS = new Set(['shell-local', 'breakpoint', 'sleep']);

/** 'disk' is a machine's disk (qemu): files too, and what vagrant boxes. */
type ArtifactKind = 'nothing' | 'files' | 'disk' | 'docker-image' | 'unknown';

function builderArtifact(b: Doc['builders'][number]): ArtifactKind {
  switch (b.type) {
    case 'null':
      return 'nothing';
    case 'file':
      return 'files';
    case 'qemu':
      return 'disk';
    case 'docker':
      if (b.config.discard === true) return 'nothing';
      return b.config.export_path ? 'files' : 'docker-image';
    default:
      return 'unknown';
  }
}

/** What a post-processor needs (one of), and what it hands on. */
const POST_PROCESSORS: Record<string, { needs?: (config: Record<string, unknown>) => ArtifactKind[]; gives?: ArtifactKind | 'same' }> = {
  'docker-import': { needs: () => ['files'], gives: 'docker-image' },
  'docker-tag': { needs: () => ['docker-image'], gives: 'docker-image' },
  'docker-push': { needs: () => ['docker-image'], gives: 'docker-image' },
  'docker-save': { needs: () => ['docker-image'], gives: 'files' },
  compress: { needs: () => ['files'], gives: 'files' },
  checksum: { needs: () => ['files'], gives: 'files' },
  // Boxes a qemu disk or a docker image; other files only when provider_override says what they are (artifice).
  vagrant: { needs: (c) => (c.provider_override ? ['files', 'docker-image'] : ['disk', 'docker-image']), gives: 'files' },
  artifice: { gives: 'files' },
  manifest: { gives: 'same' },
  'shell-local': { gives: 'same' },
};

const DESCRIBE: Record<ArtifactKind, string> = {
  nothing: 'no artifact (nothing to process)',
  files: 'files',
  disk: 'a disk image',
  'docker-image': 'a docker image',
  unknown: 'an artifact',
};

function applies(c: DocComponent, build: string): boolean {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  const only = list(c.config.only);
  const except = list(c.config.except);
  if (only && only.length > 0 && !only.includes(build)) return false;
  if (except && except.includes(build)) return false;
  return true;
}

export function compatibilityProblems(doc: Doc): Problem[] {
  const problems: Problem[] = [];
  doc.builders.forEach((b) => {
    const build = b.name ?? b.type;
    if (b.communicator.type === 'none') {
      doc.provisioners.forEach((p, i) => {
        if (!LOCAL_PROVISIONERS.has(p.type) && applies(p, build)) {
          problems.push({
            field: `provisioners[${i}]`,
            message: `${p.type} needs a communicator, and build "${build}" has none: give it a communicator, or limit the provisioner with except/only`,
          });
        }
      });
    }
    let index = 0;
    for (const chain of doc.postProcessors) {
      let artifact = builderArtifact(b);
      for (const p of chain) {
        const at = index++;
        if (!applies(p, build)) continue;
        const rule = POST_PROCESSORS[p.type];
        const needs = rule?.needs?.(p.config);
        if (needs && artifact !== 'unknown' && !needs.some((n) => n === artifact || (n === 'files' && artifact === 'disk'))) {
          const takes = needs.map((n) => DESCRIBE[n]).join(' or ');
          const hint = p.type === 'vagrant' ? ' (files after artifice: set provider_override)' : '';
          problems.push({
            field: `post-processors[${at}]`,
            message: `${p.type} takes ${takes}${hint}, and build "${build}" (${b.type}) hands it ${DESCRIBE[artifact]}: limit it with only/except, or use another post-processor`,
          });
          break;
        }
        if (rule?.gives && rule.gives !== 'same') artifact = rule.gives;
        else if (!rule) artifact = 'unknown';
      }
    }
  });
  return problems;
}
