// Runs before every test file (vitest setupFiles).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// CI runs the suite with CI=true. Ink reads CI once, when it is first imported, and then draws
// only the final frame, so the in-process UI tests would see nothing a person sees. Tests
// that want CI behaviour from pack pass CI to the child process they start (see test/helpers/pack.ts).
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
// A developer's PACK_CACHE=1 would turn the build cache on in every test that runs pack build.
delete process.env.PACK_CACHE;

// The dashboard writes each build's log under $XDG_STATE_HOME: keep the tests' runs (and those
// of every pack they start, in tmux too) out of the real home folder.
const state = mkdtempSync(join(tmpdir(), 'pack-test-state-'));
process.env.XDG_STATE_HOME = state;
// The HCL parse cache and Packer's remembered version ($XDG_CACHE_HOME/pack) too.
process.env.XDG_CACHE_HOME = join(state, 'cache');
afterAll(() => rmSync(state, { recursive: true, force: true }));
