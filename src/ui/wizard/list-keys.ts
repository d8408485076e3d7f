// Keys on the provisioner and post-processor lists (add, edit, reorder, delete, chain) and the type picker.
import { newComponent, type ComponentAnswer } from '../../init/answers.js';
import type { KeyEvent } from '../components/keys.js';
import { moveCursor } from './cursor.js';
import { advance, formFor, hasFields } from './flow.js';
import type { ListKind, Screen, WizardState } from './state.js';

function listOf(state: WizardState, list: ListKind): ComponentAnswer[] {
  return list === 'provisioner' ? state.answers.provisioners : state.answers.postProcessors;
}

export function onList(state: WizardState, s: Extract<Screen, { kind: 'list' }>, e: KeyEvent): void {
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

export function onPick(state: WizardState, s: Extract<Screen, { kind: 'pick' }>, e: KeyEvent): void {
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
