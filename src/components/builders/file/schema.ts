import type { BuilderSchema } from '../../../schema/types.js';

export const definition: BuilderSchema = {
  kind: 'builder',
  type: 'file',
  description: 'Writes one local file (from inline content or a copy of a source file); its artifact is that file',
  communicators: ['none'],
  fields: {
    target: { type: 'string', required: true, description: 'Path of the file to write', example: 'output/hello.txt' },
    content: { type: 'string', description: 'Text to write into target (conflicts with source)', example: 'hello' },
    source: { type: 'string', description: 'Local file to copy to target (conflicts with content)', path: 'file' },
  },
  check(config, ctx) {
    const problems: string[] = [];
    const given = (v: unknown) => v !== undefined && v !== '';
    if (given(config.source) && given(config.content)) problems.push('source and content: give one of them, not both');
    // Packer's words: an empty target is allowed, and warned about.
    if (!given(config.source) && !given(config.content)) ctx.warn?.('Both source file and contents are blank; target will have no content');
    return problems;
  },
  runsHere: () => true,
};
