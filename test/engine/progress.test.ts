// In-process run of real components (file builder, compress) through the engine: the events
// a dashboard sees, including compress progress with bytes and total.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveBuilds, runBuilds } from '../../src/core/run.js';
import { recordingBus, buildDef } from './fake-build.js';
import { workdir } from './tools.js';

const wd = workdir();
afterAll(() => wd.remove());

describe('events from real local components', () => {
  it('plans, runs and reports a file build with a compress post-processor', async () => {
    const source = join(wd.dir, 'big.bin');
    writeFileSync(source, Buffer.alloc(3 * 1024 * 1024, 7));
    const def = buildDef('f', {
      builderType: 'file',
      config: { source, target: join(wd.dir, 'copy.bin') },
      postProcessors: [[{ type: 'compress', config: { output: join(wd.dir, 'out.tar.gz') } }]],
    });
    const { bus, events } = recordingBus();
    const builds = await resolveBuilds([def]);
    const result = await runBuilds({ template: { path: 't', dir: wd.dir, format: 'json', variables: {}, builds: [def] }, bus }, builds);
    expect(result.errors).toEqual([]);

    const start = events.find((e) => e.type === 'build-start');
    expect(start && start.type === 'build-start' && start.steps.map((s) => [s.id, s.kind])).toEqual([
      ['builder:write-file', 'builder'],
      ['connect', 'connect'],
      ['post-process:0.0', 'post-process'],
    ]);
    const progress = events.filter((e) => e.type === 'progress');
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ build: 'f', step: 'post-process:0.0', id: 'compress', bytes: 3 * 1024 * 1024, total: 3 * 1024 * 1024, done: true });
    const ends = events.filter((e) => e.type === 'step-end').map((e) => e.type === 'step-end' && `${e.step}:${e.status}`);
    expect(ends).toEqual(['builder:write-file:done', 'connect:done', 'cleanup:connect:done', 'post-process:0.0:done']);
    expect(result.artifacts.map((a) => a.artifact.description)).toEqual([`compressed artifacts in: ${join(wd.dir, 'out.tar.gz')}`]);
  });
});
