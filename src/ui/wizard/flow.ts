// The order of the screens: start, builders, each builder's questions and communicator, provisioners,
// post-processors, variables, review, file. Screens with nothing to ask are skipped.
import { resolve } from 'node:path';
import type { ComponentAnswer } from '../../init/answers.js';
import { missingRequired } from '../../init/answers.js';
import { buildDoc } from '../../init/document.js';
import { serialize } from '../../init/serialize.js';
import { verifyDoc } from '../../init/verdict.js';
import { formatProblem } from '../../errors.js';
import { TextBuffer } from '../components/text-buffer.js';
import { review, variableRows } from './review.js';
import { formRows, type ListKind, type Screen, type Target, type WizardState } from './state.js';

export function hasFields(state: WizardState, a: ComponentAnswer | undefined): boolean {
  const s = a && state.schemaOf(a);
  return !!s && Object.keys(s.fields).length > 0;
}

export function formFor(state: WizardState, target: Target, then: 'flow' | 'pop'): Screen {
  const a = state.component(target);
  const rows = formRows(state.schemaOf(a), false);
  const schema = state.schemaOf(a);
  const missing = schema ? missingRequired(schema, a) : [];
  const first = rows.findIndex((r) => r.kind === 'field' && missing.includes(r.name));
  return { kind: 'form', target, cursor: first >= 0 ? first : rows.length - 1, advanced: false, then };
}

function builderStep(state: WizardState, i: number): Screen {
  if (i >= state.answers.builders.length) return listScreen(state, 'provisioner');
  if (hasFields(state, state.answers.builders[i])) return formFor(state, { list: 'builder', index: i }, 'flow');
  return communicatorStep(state, i);
}

function communicatorStep(state: WizardState, i: number): Screen {
  const choices = state.communicatorChoices(i);
  if (choices.length > 1) {
    const b = state.answers.builders[i];
    // The builder's default comes first; a communicator picked before (or named by a starter) keeps the cursor.
    const cursor = b.communicatorChosen || b.communicatorWritten ? Math.max(0, choices.indexOf(b.communicator.type)) : 0;
    return { kind: 'communicator', index: i, cursor };
  }
  return communicatorFormStep(state, i);
}

function communicatorFormStep(state: WizardState, i: number): Screen {
  if (hasFields(state, state.answers.builders[i].communicator)) return formFor(state, { list: 'communicator', index: i }, 'flow');
  return builderStep(state, i + 1);
}

function listScreen(state: WizardState, list: ListKind): Screen {
  const n = list === 'provisioner' ? state.answers.provisioners.length : state.answers.postProcessors.length;
  return { kind: 'list', list, cursor: n + 1 };
}

function stepAfter(state: WizardState, s: Screen): Screen | undefined {
  switch (s.kind) {
    case 'start': return { kind: 'builders', cursor: 0 };
    case 'builders': return builderStep(state, 0);
    case 'form':
      if (s.target.list === 'builder') return communicatorStep(state, s.target.index);
      if (s.target.list === 'communicator') return builderStep(state, s.target.index + 1);
      return undefined;
    case 'communicator': return communicatorFormStep(state, s.index);
    case 'list': return s.list === 'provisioner' ? listScreen(state, 'post-processor') : { kind: 'variables', cursor: variableRows(state).length };
    case 'variables': return { kind: 'review', scroll: 0 };
    case 'review': return { kind: 'file', buffer: new TextBuffer(state.output) };
    default: return undefined;
  }
}

export function advance(state: WizardState): void {
  const next = stepAfter(state, state.screen);
  if (!next) return;
  state.push(next);
  if (next.kind === 'review') startVerdict(state);
}

/** Asks the template validator in the background; the review shows the schema check until it answers. */
function startVerdict(state: WizardState): void {
  const { doc, problems } = buildDoc(state.answers, state.catalog);
  const yaml = serialize(doc, 'yaml');
  if (state.verdict?.yaml === yaml) return;
  state.verdict = { yaml };
  if (problems.length > 0) {
    state.verdict.problems = problems.map(formatProblem);
    return;
  }
  const path = resolve(state.cwd, state.output);
  verifyDoc(doc, state.baseDir, path).then(
    (found) => {
      if (state.verdict?.yaml === yaml) state.verdict.problems = found.map(formatProblem);
    },
    (err: unknown) => {
      if (state.verdict?.yaml === yaml) state.verdict.failed = err instanceof Error ? err.message : String(err);
    },
  ).finally(() => {
    // An Enter that came before the verdict goes on now.
    const s = state.screen;
    if (s.kind === 'review' && s.writeWhenChecked && state.verdict?.yaml === yaml) {
      s.writeWhenChecked = false;
      state.notice = undefined;
      confirmReview(state, s);
    }
    state.changed();
  });
}

/**
 * Enter on the review: on to the file name once the template validator agrees; a template with problems asks
 * first (Enter again writes it anyway). Before the validator has answered, the Enter waits for it: the schemas
 * alone would call valid a template it refuses (a broken Go template, say).
 */
export function confirmReview(state: WizardState, s: Extract<Screen, { kind: 'review' }>): void {
  const r = review(state);
  if (r.problems.length > 0) {
    if (!s.confirmInvalid) {
      s.confirmInvalid = true;
      state.notice = 'This template is not valid yet. Enter again writes it anyway; Esc goes back to fix it.';
      return;
    }
  } else if (r.by === 'schemas' && !state.verdict?.failed) {
    s.writeWhenChecked = true;
    state.notice = 'Checking with the template validator… (goes on once it agrees)';
    return;
  }
  advance(state);
}
