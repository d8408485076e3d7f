// What each key does on each screen. Pure functions over WizardState (no React), so that a burst of keys in
// one tick is handled in order against the latest state.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { emptyAnswers, newBuilder, newCommunicator } from '../../init/answers.js';
import { buildDoc } from '../../init/document.js';
import { formatFor, serialize } from '../../init/serialize.js';
import { loadStarter } from '../../init/starters.js';
import { writeAtomically, writeSecretsFile } from '../../init/write.js';
import { UserError } from '../../errors.js';
import type { KeyEvent } from '../components/keys.js';
import { TextBuffer } from '../components/text-buffer.js';
import { editBuffer, isDown, isUp, moveCursor } from './cursor.js';
import { advance, confirmReview } from './flow.js';
import { onFindKey } from './find.js';
import { onEdit, onForm } from './form-keys.js';
import { onList, onPick } from './list-keys.js';
import { review, variableRows } from './review.js';
import type { Screen, WizardState } from './state.js';

export { liveWarnings } from './form-keys.js';
export { review, variableRows, type Review, type VariableRow } from './review.js';

export function handleKey(state: WizardState, e: KeyEvent): void {
  if (state.result) return;
  if (e.name === 'ctrl-c') {
    state.result = { cancelled: true };
    return;
  }
  const s = state.screen;
  // "/" on a long list: keys go to the find until Enter, Tab or Esc.
  const findable = findNames(state);
  if (findable && (s.kind === 'builders' || s.kind === 'pick')) {
    if (state.find) {
      state.find = onFindKey(state.find, findable, s, e);
      return;
    }
    if (e.name === 'char' && e.ch === '/') {
      state.help = false;
      state.find = { buffer: new TextBuffer(), from: s.cursor };
      return;
    }
  }
  const typing = (s.kind === 'form' && s.editing) || s.kind === 'file' || (s.kind === 'variables' && s.renaming);
  if (!typing && e.name === 'char' && e.ch === '?') {
    state.help = !state.help;
    return;
  }
  if (e.name === 'escape') {
    if (state.help) state.help = false;
    else if (s.kind === 'done') state.result = { written: s.path, ...secretsResult(s) };
    else if (s.kind === 'form' && s.editing) {
      s.editing = undefined;
      s.error = undefined;
    } else if (s.kind === 'variables' && s.renaming) {
      s.renaming = undefined;
      s.error = undefined;
    } else state.pop();
    return;
  }
  switch (s.kind) {
    case 'start': return onStart(state, s, e);
    case 'builders': return onBuilders(state, s, e);
    case 'form': return s.editing ? onEdit(state, s, e) : onForm(state, s, e);
    case 'communicator': return onCommunicator(state, s, e);
    case 'list': return onList(state, s, e);
    case 'pick': return onPick(state, s, e);
    case 'variables': return onVariables(state, s, e);
    case 'review': return onReview(state, s, e);
    case 'file': return onFile(state, s, e);
    case 'overwrite': return onOverwrite(state, s, e);
    case 'done': return onDone(state, s, e);
  }
}

function onStart(state: WizardState, s: Extract<Screen, { kind: 'start' }>, e: KeyEvent): void {
  if (moveCursor(s, e, state.starters.length + 1)) return;
  if (e.name !== 'return') return;
  // Coming back to the same choice keeps the answers; another choice starts over from it.
  const choice = s.cursor === 0 ? '' : state.starters[s.cursor - 1].file;
  if (choice !== state.startedFrom) {
    try {
      state.answers = choice ? loadStarter(choice, state.catalog) : emptyAnswers();
    } catch (err) {
      state.notice = err instanceof Error ? err.message : String(err);
      return;
    }
    state.startedFrom = choice;
  }
  state.selected = new Set(state.answers.builders.map((b) => b.type));
  advance(state);
  const b = state.screen;
  if (b.kind === 'builders' && state.builders && state.selected.size > 0) {
    b.cursor = Math.max(0, state.builders.findIndex((x) => state.selected.has(x.def.type)));
  }
}

/** The names a "/" looks through on this screen, or undefined where there is no find. */
export function findNames(state: WizardState): string[] | undefined {
  const s = state.screen;
  if (s.kind === 'builders') return state.builders?.map((b) => b.def.type);
  if (s.kind === 'pick') return state.catalog.list(s.list).map((d) => d.type);
  return undefined;
}

function onBuilders(state: WizardState, s: Extract<Screen, { kind: 'builders' }>, e: KeyEvent): void {
  const list = state.builders;
  if (!list || list.length === 0) return;
  if (moveCursor(s, e, list.length)) return;
  const type = list[s.cursor].def.type;
  if (e.name === 'space') {
    if (state.selected.has(type)) state.selected.delete(type);
    else state.selected.add(type);
    return;
  }
  if (e.name !== 'return') return;
  if (state.selected.size === 0) state.selected.add(type);
  const keep = state.answers.builders;
  state.answers.builders = list
    .filter((b) => state.selected.has(b.def.type))
    .map((b) => keep.find((k) => k.type === b.def.type) ?? newBuilder(state.catalog, b.def.type, state.baseDir));
  advance(state);
}

function onCommunicator(state: WizardState, s: Extract<Screen, { kind: 'communicator' }>, e: KeyEvent): void {
  const choices = state.communicatorChoices(s.index);
  if (moveCursor(s, e, choices.length)) return;
  if (e.name !== 'return') return;
  const b = state.answers.builders[s.index];
  if (b.communicator.type !== choices[s.cursor]) b.communicator = newCommunicator(state.catalog, choices[s.cursor], state.baseDir);
  b.communicatorChosen = true;
  advance(state);
}

function onVariables(state: WizardState, s: Extract<Screen, { kind: 'variables' }>, e: KeyEvent): void {
  const rows = variableRows(state);
  const row = rows[s.cursor];
  if (s.renaming && row) {
    if (e.name !== 'return') {
      editBuffer(s.renaming, e);
      return;
    }
    const name = s.renaming.text.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      s.error = 'A variable name is letters, digits, _ and -, and starts with a letter or _.';
      return;
    }
    row.answer.vars[row.field] = { name, sensitive: row.answer.vars[row.field]?.sensitive ?? !!row.spec.sensitive };
    s.renaming = undefined;
    s.error = undefined;
    return;
  }
  if (moveCursor(s, e, rows.length + 1)) return;
  if (!row) {
    if (e.name === 'return') advance(state);
    return;
  }
  const vars = row.answer.vars;
  if (e.name === 'char' && e.ch === 'r') {
    s.renaming = new TextBuffer(vars[row.field]?.name ?? row.field);
    return;
  }
  // Enter continues from any row (as on every other screen); Space toggles.
  if (e.name === 'return') {
    advance(state);
    return;
  }
  if (e.name === 'space') {
    if (vars[row.field]) delete vars[row.field];
    else vars[row.field] = { name: row.field, sensitive: !!row.spec.sensitive };
  } else if (e.name === 'char' && e.ch === 's') {
    const v = vars[row.field] ?? { name: row.field, sensitive: false };
    vars[row.field] = { ...v, sensitive: !v.sensitive };
  }
}

/** The same file name in the next format: .yaml -> .json -> .pkr.hcl -> .yaml. */
export function nextFormatName(file: string): string {
  const format = formatFor(file);
  const stem = file.replace(/(\.pkr\.hcl|\.ya?ml|\.json)$/i, '');
  return stem + (format === 'yaml' ? '.json' : format === 'json' ? '.pkr.hcl' : '.yaml');
}

function onReview(state: WizardState, s: Extract<Screen, { kind: 'review' }>, e: KeyEvent): void {
  if (isUp(e)) s.scroll = Math.max(0, s.scroll - 1);
  else if (isDown(e)) s.scroll += 1;
  else if (e.name === 'pageup') s.scroll = Math.max(0, s.scroll - 10);
  else if (e.name === 'pagedown') s.scroll += 10;
  else if (e.name === 'char' && e.ch === 'f') state.output = nextFormatName(state.output);
  else if (e.name === 'return') confirmReview(state, s);
}

function writeFile(state: WizardState, path: string, overwrite: boolean): string | undefined {
  const { doc } = buildDoc(state.answers, state.catalog);
  try {
    writeAtomically(path, serialize(doc, formatFor(path)), overwrite);
  } catch (err) {
    return err instanceof UserError || err instanceof Error ? err.message.replace(/^pack init: /, '') : String(err);
  }
  state.result = undefined;
  // Secret values stay in memory: written only if asked (the done screen offers a 0600 var file).
  const pending = Object.keys(doc.secrets).length > 0 ? doc.secrets : undefined;
  state.push({ kind: 'done', cursor: 0, path, ...(pending ? { secretValues: pending } : {}) });
  return undefined;
}

function onFile(state: WizardState, s: Extract<Screen, { kind: 'file' }>, e: KeyEvent): void {
  const buf = s.buffer;
  if (editBuffer(buf, e)) return;
  switch (e.name) {
    case 'return': {
      const text = buf.text.trim();
      if (!text) {
        s.error = 'Give a file name (.yaml, .json or .pkr.hcl).';
        return;
      }
      const path = resolve(state.cwd, text);
      if (isFolder(path)) {
        s.error = `${text} is a folder: give a file name, e.g. ${join(text, 'template.yaml')}`;
        return;
      }
      state.output = text;
      if (state.fileExists(path)) {
        state.push({ kind: 'overwrite', path });
        return;
      }
      s.error = writeFile(state, path, false);
      break;
    }
    default: break;
  }
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function onOverwrite(state: WizardState, s: Extract<Screen, { kind: 'overwrite' }>, e: KeyEvent): void {
  if (e.name === 'char' && (e.ch === 'y' || e.ch === 'Y')) {
    const err = writeFile(state, s.path, true);
    if (err) {
      state.pop();
      const f = state.screen;
      if (f.kind === 'file') f.error = err;
    }
  } else if (e.name === 'return' || (e.name === 'char' && (e.ch === 'n' || e.ch === 'N'))) {
    state.pop();
  }
}

/** What the result says about secrets: the var file when saved, the names when there are any. */
function secretsResult(s: Extract<Screen, { kind: 'done' }>): { secrets?: string; secretNames?: string[] } {
  return { ...(s.secrets ? { secrets: s.secrets } : {}), ...(s.secretValues ? { secretNames: Object.keys(s.secretValues) } : {}) };
}

export const DONE_CHOICES = ['Quit', 'Build it now', 'Validate it now'] as const;
export const SAVE_SECRETS = 'Save the secret values to a var file (mode 0600)';

/** The done screen's rows: the three choices, and saving the secrets while they are not saved. */
export function doneChoices(s: Extract<Screen, { kind: 'done' }>): string[] {
  return s.secretValues && !s.secrets ? [...DONE_CHOICES, SAVE_SECRETS] : [...DONE_CHOICES];
}

function onDone(state: WizardState, s: Extract<Screen, { kind: 'done' }>, e: KeyEvent): void {
  const choices = doneChoices(s);
  if (moveCursor(s, e, choices.length)) return;
  if (e.name === 'char' && e.ch === 'q') s.cursor = 0;
  else if (e.name === 'char' && e.ch === 'b') s.cursor = 1;
  else if (e.name === 'char' && e.ch === 'v') s.cursor = 2;
  else if (e.name === 'char' && e.ch === 's' && choices.length > 3) s.cursor = 3;
  else if (e.name !== 'return') return;
  if (s.cursor === 3 && s.secretValues) {
    try {
      s.secrets = writeSecretsFile(s.path, s.secretValues, false);
      state.notice = `Saved ${s.secrets} (mode 0600): pack build -var-file=${s.secrets} reads it.`;
    } catch (err) {
      state.notice = err instanceof Error ? err.message.replace(/^pack init: /, '') : String(err);
    }
    s.cursor = 0;
    return;
  }
  state.result = { written: s.path, ...secretsResult(s), next: s.cursor === 1 ? 'build' : s.cursor === 2 ? 'validate' : undefined };
}
