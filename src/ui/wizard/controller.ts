// What each key does on each screen. Pure functions over WizardState (no React), so that a burst of keys in
// one tick is handled in order against the latest state.
import { resolve } from 'node:path';
import type { FieldSpec } from '../../schema/types.js';
import {
  checkMessages, emptyAnswers, missingRequired, newBuilder, newCommunicator, newComponent, type ComponentAnswer,
} from '../../init/answers.js';
import { checkDoc } from '../../init/check.js';
import { buildDoc } from '../../init/document.js';
import { formatFor, serialize } from '../../init/serialize.js';
import { loadStarter } from '../../init/starters.js';
import { checkText, isMultiline, parseValue } from '../../init/values.js';
import { verifyDoc } from '../../init/verdict.js';
import { writeAtomically } from '../../init/write.js';
import { formatProblem } from '../../errors.js';
import { UserError } from '../../errors.js';
import type { KeyEvent } from '../components/keys.js';
import { TextBuffer } from '../components/text-buffer.js';
import { formRows, type ListKind, type Screen, type Target, type WizardState } from './state.js';

const clamp = (n: number, max: number) => Math.max(0, Math.min(n, max));
const isUp = (e: KeyEvent) => (e.name === 'up' && !e.shift) || (e.name === 'char' && e.ch === 'k');
const isDown = (e: KeyEvent) => (e.name === 'down' && !e.shift) || (e.name === 'char' && e.ch === 'j');

// ---------------------------------------------------------------- the flow

function hasFields(state: WizardState, a: ComponentAnswer | undefined): boolean {
  const s = a && state.schemaOf(a);
  return !!s && Object.keys(s.fields).length > 0;
}

function formFor(state: WizardState, target: Target, then: 'flow' | 'pop'): Screen {
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
    const cursor = Math.max(0, choices.indexOf(state.answers.builders[i].communicator.type));
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

function advance(state: WizardState): void {
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
  ).finally(() => state.changed());
}

// ---------------------------------------------------------------- review

export interface Review {
  yaml: string;
  problems: string[];
  /** Who said so: the template validator (prepareTemplate), or the schemas while it has not answered. */
  by: 'validator' | 'schemas';
}

export function review(state: WizardState): Review {
  const { doc, problems } = buildDoc(state.answers, state.catalog);
  const yaml = serialize(doc, 'yaml');
  // The screen shows secrets masked; the file gets them.
  const masked = { ...doc, variables: doc.variables.map((v) => (v.sensitive && v.default ? { ...v, default: '<sensitive>' } : v)) };
  const shown = serialize(masked, 'yaml');
  const v = state.verdict;
  if (v && v.yaml === yaml && v.problems) return { yaml: shown, problems: v.problems, by: 'validator' };
  const all = [...problems, ...checkDoc(doc, state.catalog, state.baseDir)];
  return { yaml: shown, problems: all.map(formatProblem), by: 'schemas' };
}

// ---------------------------------------------------------------- keys

export function handleKey(state: WizardState, e: KeyEvent): void {
  if (state.result) return;
  if (e.name === 'ctrl-c') {
    state.result = { cancelled: true };
    return;
  }
  const s = state.screen;
  const typing = (s.kind === 'form' && s.editing) || s.kind === 'file' || (s.kind === 'variables' && s.renaming);
  if (!typing && e.name === 'char' && e.ch === '?') {
    state.help = !state.help;
    return;
  }
  if (e.name === 'escape') {
    if (state.help) state.help = false;
    else if (s.kind === 'done') state.result = { written: s.path };
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

function moveCursor(s: { cursor: number }, e: KeyEvent, count: number): boolean {
  if (isUp(e) || e.name === 'backtab') s.cursor = clamp(s.cursor - 1, count - 1);
  else if (isDown(e) || e.name === 'tab') s.cursor = clamp(s.cursor + 1, count - 1);
  else if (e.name === 'home') s.cursor = 0;
  else if (e.name === 'end') s.cursor = count - 1;
  else return false;
  return true;
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

function toggleValue(state: WizardState, a: ComponentAnswer, name: string, spec: FieldSpec): boolean {
  if (spec.type === 'boolean') {
    const p = parseValue(spec, a.texts[name] ?? '');
    const now = p.ok && p.value !== undefined ? p.value === true : spec.default === true;
    a.texts[name] = String(!now);
    return true;
  }
  if (spec.enum && spec.type === 'string') {
    const options = spec.required ? [...spec.enum] : ['', ...spec.enum];
    const i = options.indexOf(a.texts[name] ?? '');
    const next = options[(i + 1) % options.length];
    if (next === '') delete a.texts[name];
    else a.texts[name] = next;
    return true;
  }
  return false;
}

function onForm(state: WizardState, s: Extract<Screen, { kind: 'form' }>, e: KeyEvent): void {
  const a = state.component(s.target);
  const schema = state.schemaOf(a);
  const rows = formRows(schema, s.advanced);
  if (moveCursor(s, e, rows.length)) {
    state.notice = undefined;
    return;
  }
  const row = rows[s.cursor];
  if (e.name !== 'return' && e.name !== 'space') return;
  if (row.kind === 'advanced') {
    s.advanced = !s.advanced;
    return;
  }
  if (row.kind === 'field') {
    if (toggleValue(state, a, row.name, row.spec)) return;
    if (e.name === 'return') {
      s.editing = new TextBuffer(a.texts[row.name] ?? '');
      s.error = undefined;
    }
    return;
  }
  if (e.name !== 'return' || !schema) {
    if (e.name === 'return') finishForm(state, s);
    return;
  }
  const missing = missingRequired(schema, a);
  if (missing.length > 0) {
    state.notice = `Give ${missing.join(', ')} first (required).`;
    s.cursor = Math.max(0, rows.findIndex((r) => r.kind === 'field' && r.name === missing[0]));
    return;
  }
  const bad = Object.entries(a.texts).map(([k, t]) => [k, schema.fields[k] && parseValue(schema.fields[k], t)] as const)
    .find(([, p]) => p && !p.ok);
  if (bad) {
    state.notice = `${bad[0]}: ${bad[1] && !bad[1].ok ? bad[1].error : ''}`;
    return;
  }
  const msgs = checkMessages(schema, a, state.baseDir);
  if (msgs.length > 0) {
    state.notice = msgs.join('; ');
    return;
  }
  finishForm(state, s);
}

function finishForm(state: WizardState, s: Extract<Screen, { kind: 'form' }>): void {
  if (s.then === 'pop') state.pop();
  else advance(state);
}

function onEdit(state: WizardState, s: Extract<Screen, { kind: 'form' }>, e: KeyEvent): void {
  const buf = s.editing!;
  const a = state.component(s.target);
  const rows = formRows(state.schemaOf(a), s.advanced);
  const row = rows[s.cursor];
  if (row.kind !== 'field') return;
  const multi = isMultiline(row.spec);
  switch (e.name) {
    case 'char':
    case 'space':
      buf.insert(e.ch ?? '');
      break;
    case 'backspace': buf.backspace(); break;
    case 'left': buf.left(); break;
    case 'right': buf.right(); break;
    case 'home': buf.home(); break;
    case 'end': buf.end(); break;
    case 'return':
      if (multi) buf.insert('\n');
      else commit(state, s, row.name, row.spec, a);
      break;
    case 'tab':
    case 'ctrl-d':
    case 'ctrl-s':
      commit(state, s, row.name, row.spec, a);
      break;
    default:
      break;
  }
}

function commit(state: WizardState, s: Extract<Screen, { kind: 'form' }>, name: string, spec: FieldSpec, a: ComponentAnswer): void {
  const text = isMultiline(spec) ? s.editing!.text.replace(/\n+$/, '') : s.editing!.text;
  const res = checkText(spec, text, state.baseDir);
  if (!res.ok) {
    s.error = res.error;
    return;
  }
  if (text === '') delete a.texts[name];
  else a.texts[name] = text;
  if (spec.sensitive && text !== '' && !a.vars[name]) a.vars[name] = { name, sensitive: true };
  s.editing = undefined;
  s.error = undefined;
  s.cursor = clamp(s.cursor + 1, formRows(state.schemaOf(a), s.advanced).length - 1);
}

/**
 * The component's own cross-field rules run on the text being typed, and those that name the field show under
 * it (a key file that does not exist, two of a one-of...). They do not block the field; Continue checks them.
 */
export function liveWarnings(state: WizardState, s: Extract<Screen, { kind: 'form' }>, field: string): string[] {
  const a = state.component(s.target);
  const schema = state.schemaOf(a);
  if (!schema || !s.editing) return [];
  const draft = { ...a, texts: { ...a.texts, [field]: s.editing.text } };
  const named = new RegExp(`\\b${field.replace(/[^\w]/g, '')}\\b`);
  return checkMessages(schema, draft, state.baseDir).filter((m) => named.test(m)).map((m) => m.split('\n')[0]);
}

function onCommunicator(state: WizardState, s: Extract<Screen, { kind: 'communicator' }>, e: KeyEvent): void {
  const choices = state.communicatorChoices(s.index);
  if (moveCursor(s, e, choices.length)) return;
  if (e.name !== 'return') return;
  const b = state.answers.builders[s.index];
  if (b.communicator.type !== choices[s.cursor]) b.communicator = newCommunicator(state.catalog, choices[s.cursor], state.baseDir);
  advance(state);
}

function listOf(state: WizardState, list: ListKind): ComponentAnswer[] {
  return list === 'provisioner' ? state.answers.provisioners : state.answers.postProcessors;
}

function onList(state: WizardState, s: Extract<Screen, { kind: 'list' }>, e: KeyEvent): void {
  const items = listOf(state, s.list);
  const count = items.length + 2;
  const onItem = s.cursor < items.length;
  const swap = (from: number, to: number) => {
    if (to < 0 || to >= items.length) return;
    [items[from], items[to]] = [items[to], items[from]];
    s.cursor = to;
  };
  if ((e.name === 'up' && e.shift) || (e.name === 'char' && e.ch === 'K')) return onItem ? swap(s.cursor, s.cursor - 1) : undefined;
  if ((e.name === 'down' && e.shift) || (e.name === 'char' && e.ch === 'J')) return onItem ? swap(s.cursor, s.cursor + 1) : undefined;
  if (moveCursor(s, e, count)) return;
  if (onItem && (e.name === 'backspace' || (e.name === 'char' && e.ch === 'd'))) {
    items.splice(s.cursor, 1);
    if (s.list === 'post-processor' && state.answers.postProcessors[0]) state.answers.postProcessors[0].chained = false;
    return;
  }
  if (onItem && s.list === 'post-processor' && e.name === 'char' && e.ch === 'c' && s.cursor > 0) {
    const pp = state.answers.postProcessors[s.cursor];
    pp.chained = !pp.chained;
    return;
  }
  if (e.name === 'char' && e.ch === 'a') return state.push({ kind: 'pick', list: s.list, cursor: 0 });
  if (e.name !== 'return') return;
  if (onItem) {
    if (hasFields(state, items[s.cursor])) state.push(formFor(state, { list: s.list, index: s.cursor }, 'pop'));
    return;
  }
  if (s.cursor === items.length) state.push({ kind: 'pick', list: s.list, cursor: 0 });
  else advance(state);
}

function onPick(state: WizardState, s: Extract<Screen, { kind: 'pick' }>, e: KeyEvent): void {
  const defs = state.catalog.list(s.list);
  if (moveCursor(s, e, defs.length)) return;
  if (e.name !== 'return' || defs.length === 0) return;
  const a = newComponent(defs[s.cursor], state.baseDir);
  const items = listOf(state, s.list);
  if (s.list === 'provisioner') state.answers.provisioners.push(a);
  else state.answers.postProcessors.push({ ...a, chained: false });
  state.pop();
  const list = state.screen;
  const index = items.length - 1;
  if (list.kind === 'list') list.cursor = index;
  state.push(formFor(state, { list: s.list, index }, 'pop'));
  const form = state.screen;
  // A form with nothing to ask goes straight back to the list.
  if (!hasFields(state, a) && form.kind === 'form') state.pop();
}

export interface VariableRow {
  label: string;
  answer: ComponentAnswer;
  field: string;
  spec: FieldSpec;
}

/** Every field that has a value: each may become a variable. */
export function variableRows(state: WizardState): VariableRow[] {
  const rows: VariableRow[] = [];
  const add = (a: ComponentAnswer, where: string) => {
    const schema = state.schemaOf(a);
    if (!schema) return;
    for (const [field, text] of Object.entries(a.texts)) {
      const spec = schema.fields[field];
      if (spec && text !== '') rows.push({ label: `${where}.${field}`, answer: a, field, spec });
    }
  };
  state.answers.builders.forEach((b, i) => {
    add(b, `builders[${i}]`);
    add(b.communicator, `builders[${i}]`);
  });
  state.answers.provisioners.forEach((p, i) => add(p, `provisioners[${i}]`));
  state.answers.postProcessors.forEach((p, i) => add(p, `post-processors[${i}]`));
  return rows;
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
  if (e.name === 'space' || e.name === 'return') {
    if (vars[row.field]) delete vars[row.field];
    else vars[row.field] = { name: row.field, sensitive: !!row.spec.sensitive };
  } else if (e.name === 'char' && e.ch === 's') {
    const v = vars[row.field] ?? { name: row.field, sensitive: false };
    vars[row.field] = { ...v, sensitive: !v.sensitive };
  }
}

function onReview(state: WizardState, s: Extract<Screen, { kind: 'review' }>, e: KeyEvent): void {
  if (isUp(e)) s.scroll = Math.max(0, s.scroll - 1);
  else if (isDown(e)) s.scroll += 1;
  else if (e.name === 'pageup') s.scroll = Math.max(0, s.scroll - 10);
  else if (e.name === 'pagedown') s.scroll += 10;
  else if (e.name === 'return') {
    if (review(state).problems.length > 0 && !s.confirmInvalid) {
      s.confirmInvalid = true;
      state.notice = 'This template is not valid yet. Enter again writes it anyway; Esc goes back to fix it.';
      return;
    }
    advance(state);
  }
}

function writeFile(state: WizardState, path: string, overwrite: boolean): string | undefined {
  const { doc } = buildDoc(state.answers, state.catalog);
  try {
    writeAtomically(path, serialize(doc, formatFor(path)), overwrite);
  } catch (err) {
    return err instanceof UserError || err instanceof Error ? err.message.replace(/^pack init: /, '') : String(err);
  }
  state.result = undefined;
  state.push({ kind: 'done', cursor: 0, path });
  return undefined;
}

/** Typing into a one-line input; false when the key is not an editing key. */
function editBuffer(buf: TextBuffer, e: KeyEvent): boolean {
  switch (e.name) {
    case 'char':
    case 'space': buf.insert(e.ch ?? ''); return true;
    case 'backspace': buf.backspace(); return true;
    case 'left': buf.left(); return true;
    case 'right': buf.right(); return true;
    case 'home': buf.home(); return true;
    case 'end': buf.end(); return true;
    default: return false;
  }
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
      state.output = text;
      const path = resolve(state.cwd, text);
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

export const DONE_CHOICES = ['Quit', 'Build it now', 'Validate it now'] as const;

function onDone(state: WizardState, s: Extract<Screen, { kind: 'done' }>, e: KeyEvent): void {
  if (moveCursor(s, e, DONE_CHOICES.length)) return;
  if (e.name === 'char' && e.ch === 'q') s.cursor = 0;
  else if (e.name === 'char' && e.ch === 'b') s.cursor = 1;
  else if (e.name === 'char' && e.ch === 'v') s.cursor = 2;
  else if (e.name !== 'return') return;
  state.result = { written: s.path, next: s.cursor === 1 ? 'build' : s.cursor === 2 ? 'validate' : undefined };
}
