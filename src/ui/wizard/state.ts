// The wizard's state: answers, the screen stack and each screen's cursor. Plain objects changed in place by
// the key handlers (controller.ts); the views only read them. Esc pops the stack, so answers stay.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ComponentSchema, FieldSpec } from '../../schema/types.js';
import type { BuilderSchema } from '../../schema/types.js';
import {
  emptyAnswers, orderedFields, type Answers, type ComponentAnswer,
} from '../../init/answers.js';
import { asBuilder, communicatorsFor, type Catalog } from '../../init/catalog.js';
import type { Starter } from '../../init/starters.js';
import { TextBuffer } from '../components/text-buffer.js';

export type ListKind = 'provisioner' | 'post-processor';

/** Which component a form edits. */
export type Target =
  | { list: 'builder'; index: number }
  | { list: 'communicator'; index: number }
  | { list: ListKind; index: number };

export type Screen =
  | { kind: 'start'; cursor: number }
  | { kind: 'builders'; cursor: number }
  | { kind: 'form'; target: Target; cursor: number; editing?: TextBuffer; error?: string; advanced: boolean; then: 'flow' | 'pop' }
  | { kind: 'communicator'; index: number; cursor: number }
  | { kind: 'list'; list: ListKind; cursor: number }
  | { kind: 'pick'; list: ListKind; cursor: number }
  | { kind: 'variables'; cursor: number; renaming?: TextBuffer; error?: string }
  | { kind: 'review'; scroll: number; confirmInvalid?: boolean; writeWhenChecked?: boolean }
  | { kind: 'file'; buffer: TextBuffer; error?: string }
  | { kind: 'overwrite'; path: string }
  | { kind: 'done'; cursor: number; path: string; secretValues?: Record<string, unknown>; secrets?: string };

export interface WizardResult {
  /** The file written, or undefined when nothing was. */
  written?: string;
  /** The var file holding the sensitive variables' values (mode 0600), when there are any. */
  secrets?: string;
  /** The template's sensitive variables that have a value the person gave (asked for at build time unless saved). */
  secretNames?: string[];
  cancelled?: boolean;
  next?: 'build' | 'validate';
}

export interface BuilderChoice {
  def: BuilderSchema;
  runsHere: boolean;
}

export class WizardState {
  answers: Answers = emptyAnswers();
  stack: Screen[];
  /** Builders, those that run here first; undefined while runsHere() probes are still running. */
  builders?: BuilderChoice[];
  selected = new Set<string>();
  /** The starter file the answers came from ('' = from scratch). */
  startedFrom = '';
  /** The focused thing's explanation is shown (toggled by `?`). */
  help = false;
  /** "/" on a long list: the text being looked for (find.ts). */
  find?: import('./find.js').Find;
  /** One line shown above the footer (e.g. why Continue did not continue). */
  notice?: string;
  result?: WizardResult;
  /** The template validator's verdict on the reviewed template (prepareTemplate), once it has answered. */
  verdict?: { yaml: string; problems?: string[]; failed?: string };
  private listeners = new Set<() => void>();

  constructor(
    readonly catalog: Catalog,
    readonly starters: Starter[],
    /** Where the file will be written: relative paths in answers are checked from here. */
    public output: string,
    readonly cwd = process.cwd(),
  ) {
    this.stack = [{ kind: 'start', cursor: 0 }];
  }

  get screen(): Screen {
    return this.stack[this.stack.length - 1];
  }

  get baseDir(): string {
    return dirname(resolve(this.cwd, this.output));
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed(): void {
    for (const fn of this.listeners) fn();
  }

  push(s: Screen): void {
    this.help = false;
    this.find = undefined;
    this.notice = undefined;
    this.stack.push(s);
  }

  pop(): void {
    this.help = false;
    this.find = undefined;
    this.notice = undefined;
    if (this.stack.length > 1) this.stack.pop();
  }

  component(t: Target): ComponentAnswer {
    switch (t.list) {
      case 'builder': return this.answers.builders[t.index];
      case 'communicator': return this.answers.builders[t.index].communicator;
      case 'provisioner': return this.answers.provisioners[t.index];
      case 'post-processor': return this.answers.postProcessors[t.index];
    }
  }

  schemaOf(a: ComponentAnswer): ComponentSchema | undefined {
    return this.catalog.find(a.kind, a.type);
  }

  communicatorChoices(index: number): string[] {
    const def = asBuilder(this.catalog.find('builder', this.answers.builders[index].type));
    return def ? communicatorsFor(this.catalog, def) : [this.answers.builders[index].communicator.type];
  }

  fileExists(path: string): boolean {
    return existsSync(path);
  }
}

export type FormRow =
  | { kind: 'field'; name: string; spec: FieldSpec }
  | { kind: 'advanced'; count: number }
  | { kind: 'continue' };

/** A form's rows: required and common fields, the folded advanced group, then Continue. */
export function formRows(schema: ComponentSchema | undefined, advancedOpen: boolean): FormRow[] {
  const fields = schema ? orderedFields(schema) : [];
  const basic = fields.filter(([, s]) => !s.advanced || s.required);
  const adv = fields.filter(([, s]) => s.advanced && !s.required);
  const rows: FormRow[] = basic.map(([name, spec]) => ({ kind: 'field', name, spec }));
  if (adv.length > 0) {
    rows.push({ kind: 'advanced', count: adv.length });
    if (advancedOpen) rows.push(...adv.map(([name, spec]): FormRow => ({ kind: 'field', name, spec })));
  }
  rows.push({ kind: 'continue' });
  return rows;
}
