// Drives the wizard's App through ink-testing-library with real component schemas (a fixed subset of the
// registry, so that screens do not move when components are added) and a temporary working folder.
import { render } from 'ink-testing-library';
import { onTestFinished } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../src/ui/wizard/App.js';
import { WizardState } from '../../src/ui/wizard/state.js';
import { catalogOf } from '../../src/init/catalog.js';
import { sortedBuilders } from '../../src/init/catalog.js';
import { findComponent } from '../../src/components/registry.js';
import type { ComponentKind } from '../../src/schema/types.js';
import type { Starter } from '../../src/init/starters.js';
import { retryUntil } from '../helpers/until.js';

const PICK: [ComponentKind, string][] = [
  ['builder', 'null'], ['builder', 'file'],
  ['communicator', 'ssh'], ['communicator', 'none'],
  ['provisioner', 'shell-local'], ['provisioner', 'breakpoint'],
  ['post-processor', 'manifest'], ['post-processor', 'checksum'], ['post-processor', 'compress'],
];

export function testCatalog() {
  return catalogOf(PICK.map(([k, t]) => {
    const c = findComponent(k, t);
    if (!c) throw new Error(`component ${k} ${t} is missing from the registry`);
    return c;
  }));
}

export const KEYS = {
  tab: '\t',
  shiftTab: '\x1b[Z',
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  escape: '\x1b',
  ctrlC: '\x03',
  backspace: '\x7f',
  space: ' ',
  home: '\x1b[H',
  end: '\x1b[F',
};

// eslint-disable-next-line no-control-regex
export const plain = (s: string | undefined) => (s ?? '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

export const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

export const until = (check: () => void, timeoutMs = 4000): Promise<void> => retryUntil(check, timeoutMs);

export async function setup(starters: Starter[] = [], catalog = testCatalog()) {
  const dir = mkdtempSync(join(tmpdir(), 'pack-wizard-'));
  const state = new WizardState(catalog, starters, 'template.yaml', dir);
  state.builders = await sortedBuilders(catalog);
  const r = render(<App state={state} />);
  await settle();
  const frame = () => plain(r.lastFrame());
  /** Each argument is one write to stdin (one chunk: several characters arrive in the same tick). */
  const press = async (...chunks: string[]) => {
    for (const c of chunks) {
      r.stdin.write(c);
      // A lone ESC waits one setImmediate for a possible sequence; React renders after its effects.
      await settle(c === KEYS.escape ? 40 : 25);
    }
  };
  /** Writes every chunk in the same tick (as a fast typist or a terminal under load delivers them). */
  const burst = async (...chunks: string[]) => {
    for (const c of chunks) r.stdin.write(c);
    await settle(40);
  };
  const cleanup = () => {
    r.unmount();
    rmSync(dir, { recursive: true, force: true });
  };
  return { state, dir, frame, press, burst, cleanup, r };
}

/** setup() for one test: its wizard is unmounted and its folder removed when the test ends, passed or failed. */
export async function start(...args: Parameters<typeof setup>) {
  const w = await setup(...args);
  onTestFinished(w.cleanup);
  return w;
}
