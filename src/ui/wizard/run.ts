// Starts the wizard on the terminal and resolves with what it did, after Ink has unmounted and the
// terminal is back to normal.
import { createElement } from 'react';
import { render } from 'ink';
import type { Catalog } from '../../init/catalog.js';
import { sortedBuilders } from '../../init/catalog.js';
import { listStarters } from '../../init/starters.js';
import { App } from './App.js';
import { unpaint } from './prepaint.js';
import { colorWanted, colourless } from '../terminal/color.js';
import { WizardState, type WizardResult } from './state.js';

export interface WizardOptions {
  catalog: Catalog;
  output?: string;
  from?: string;
  /** Lines of the start screen already painted by prepaint.ts, for Ink to paint over. */
  prepainted?: number;
}

/** Builds the state and starts the probes (runsHere) that fill it in the background. */
export function createWizardState(o: WizardOptions, starters = listStarters()): WizardState {
  const state = new WizardState(o.catalog, starters, o.output ?? 'template.yaml');
  if (o.from) {
    const i = starters.findIndex((s) => s.name === o.from);
    if (i >= 0) state.stack[0] = { kind: 'start', cursor: i + 1 };
  }
  void sortedBuilders(o.catalog).then((list) => {
    state.builders = list;
    const s = state.screen;
    if (s.kind === 'builders' && state.selected.size > 0) {
      s.cursor = Math.max(0, list.findIndex((b) => state.selected.has(b.def.type)));
    }
    state.changed();
  });
  return state;
}

export async function runWizard(o: WizardOptions): Promise<WizardResult> {
  const state = createWizardState(o);
  const firstFrame = process.env.PACK_WIZARD_FIRST_FRAME
    ? () => process.stderr.write(`first-frame ${performance.now().toFixed(1)}\n`)
    : undefined;
  unpaint(process.stdout, o.prepainted ?? 0);
  // NO_COLOR or a terminal without colours: the same screens, with symbols and words only.
  const stdout = colorWanted(undefined, process.stdout) ? process.stdout : colourless(process.stdout);
  const app = render(createElement(App, { state, onFirstFrame: firstFrame }), { exitOnCtrlC: false, stdout });
  // The review screen needs the template validator: load it while the person reads the first screens.
  setTimeout(() => void import('../../init/verdict.js').then((m) => m.preloadValidator()), 50).unref();
  await app.waitUntilExit();
  return state.result ?? { cancelled: true };
}
