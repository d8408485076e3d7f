// Twelve builds on a 60x20 terminal that already holds output (no `clear` first): nothing but the dashboard
// may write to the terminal while it runs (a Node warning once pushed the frame up, leaving a stale first
// frame in the scrollback), and the scrollback holds the earlier output, then the final frame only.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalFixture } from './tmux.js';

const PACK = resolve('bin/pack');
const fx = terminalFixture('pack-dash-scrollback-', 't.json');

describe('a 60x20 terminal with output above', () => {
  it('keeps the earlier output, then only the final frame, with twelve builds', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `b${i + 1}`);
    const cwd = fx.setup({
      builders: names.map((name) => ({ type: 'null', name, communicator: 'none' })),
      provisioners: [{ type: 'shell-local', inline: ['for i in 1 2 3 4 5 6; do echo "$PACKER_BUILD_NAME tick $i"; sleep 0.2; done'] }],
    });
    const term = fx.open(cwd, 60, 20);
    term.run(`seq 1 30 | sed 's/^/before /'; node ${PACK} build t.json 2>&1; echo EXIT=$?`);
    await term.waitFor(/EXIT=\d+/);
    const scrollback = term.tmux('capture-pane', '-p', '-S', '-400');
    expect(scrollback).not.toContain('Warning');
    // No live frame (its header counts running builds; its rows say "waiting" or "running") was left behind.
    expect(scrollback).not.toMatch(/running \d+ · done/);
    expect(scrollback).not.toMatch(/ (waiting|running) /);
    const after = scrollback.slice(scrollback.indexOf('before 30'));
    // The earlier output, at most a blank line, then the final frame.
    expect(after).toMatch(/^before 30\n\n?✔ Build 'b1' finished after /);
    expect(after).toMatch(/✔ Build 'b12' finished[^]*==> Builds finished after [^\n]*\nEXIT=0/);
  });
});
