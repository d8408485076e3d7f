// The screen painted before Ink loads must be the screen Ink then draws over it (else the first frame jumps).
import { describe, it, expect } from 'vitest';
import { PassThrough } from 'node:stream';
import { prepaintStart } from '../../src/ui/wizard/prepaint.js';
import { listStarters } from '../../src/init/starters.js';
import { plain, setup } from './harness.js';

describe('pre-painted first screen', () => {
  it('is the start screen Ink draws, line for line', async () => {
    const starters = listStarters();
    const w = await setup(starters);
    try {
      const out = new PassThrough() as unknown as NodeJS.WriteStream;
      out.columns = 100; // ink-testing-library's width
      let text = '';
      (out as unknown as PassThrough).on('data', (d: Buffer) => (text += d.toString()));
      const lines = prepaintStart(out, starters);
      await new Promise((r) => setImmediate(r));
      const painted = plain(text).replace(/\x1b\[\?25l/g, '').split('\n').slice(0, lines).map((l) => l.trimEnd());
      const drawn = w.frame().split('\n').map((l) => l.trimEnd());
      expect(painted).toEqual(drawn);
    } finally {
      w.cleanup();
    }
  });
});
