// What the review and variables screens show: the template as YAML with a verdict, the fields that have values.
import type { FieldSpec } from '../../schema/types.js';
import type { ComponentAnswer } from '../../init/answers.js';
import { checkDoc } from '../../init/check.js';
import { buildDoc } from '../../init/document.js';
import { serialize } from '../../init/serialize.js';
import { formatProblem } from '../../errors.js';
import type { WizardState } from './state.js';

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
