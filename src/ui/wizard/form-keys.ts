// Keys on a component's form: moving between fields, editing one (one line or several), Continue.
import type { FieldSpec } from '../../schema/types.js';
import { checkMessages, missingRequired, type ComponentAnswer } from '../../init/answers.js';
import { checkText, isMultiline, parseValue } from '../../init/values.js';
import type { KeyEvent } from '../components/keys.js';
import { TextBuffer } from '../components/text-buffer.js';
import { clamp, moveCursor } from './cursor.js';
import { advance } from './flow.js';
import { formRows, type Screen, type WizardState } from './state.js';

function toggleValue(a: ComponentAnswer, name: string, spec: FieldSpec): boolean {
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

export function onForm(state: WizardState, s: Extract<Screen, { kind: 'form' }>, e: KeyEvent): void {
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
    if (toggleValue(a, row.name, row.spec)) return;
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

export function onEdit(state: WizardState, s: Extract<Screen, { kind: 'form' }>, e: KeyEvent): void {
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
    case 'kill-start': buf.killStart(); break;
    case 'kill-end': buf.killEnd(); break;
    case 'kill-word': buf.killWord(); break;
    case 'return':
      if (multi) buf.insert('\n');
      else commit(state, s, row.name, row.spec, a);
      break;
    case 'tab':
    case 'ctrl-d':
    case 'ctrl-s':
      commit(state, s, row.name, row.spec, a);
      break;
    case 'backtab': {
      const at = s.cursor;
      commit(state, s, row.name, row.spec, a);
      if (!s.editing) s.cursor = clamp(at - 1, rows.length - 1);
      break;
    }
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
