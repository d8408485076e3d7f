// What the review and variables screens show: the template as YAML with a verdict, the fields that have values.
import type { FieldSpec } from '../../schema/types.js';
import type { ComponentAnswer } from '../../init/answers.js';
import { checkDoc } from '../../init/check.js';
import { compatibilityProblems } from '../../init/compat.js';
import { buildDoc } from '../../init/document.js';
import { formatFor, serialize } from '../../init/serialize.js';
import { formatProblem } from '../../errors.js';
import type { WizardState } from './state.js';
import { formatValue } from '../../init/values.js';
import { canBeVariable } from '../../init/common-fields.js';

export interface Review {
  yaml: string;
  problems: string[];
  /** Who said so: the template validator (prepareTemplate), or the schemas while it has not answered. */
  by: 'validator' | 'schemas';
}

export function review(state: WizardState): Review {
  const { doc, problems } = buildDoc(state.answers, state.catalog);
  const yaml = serialize(doc, 'yaml');
  // In the format of the file it will be written to; secrets are in no template, shown or written.
  const shown = serialize(doc, formatFor(state.output));
  const v = state.verdict;
  // The validator checks each part; whether the parts work together is the wizard's own check, always shown.
  if (v && v.yaml === yaml && v.problems) {
    const together = problems.length === 0 ? compatibilityProblems(doc).map(formatProblem) : [];
    return { yaml: shown, problems: [...v.problems, ...together], by: 'validator' };
  }
  const all = [...problems, ...checkDoc(doc, state.catalog, state.baseDir)];
  return { yaml: shown, problems: all.map(formatProblem), by: 'schemas' };
}

export interface VariableRow {
  label: string;
  answer: ComponentAnswer;
  field: string;
  spec: FieldSpec;
}

/**
 * The fields given a value (a default left untouched is not offered: qemu alone has ~100), and those already
 * variables, named by component ("provisioner shell-local · inline"; a number only when a type repeats).
 */
export function variableRows(state: WizardState): VariableRow[] {
  const rows: VariableRow[] = [];
  const add = (a: ComponentAnswer, who: string) => {
    const schema = state.schemaOf(a);
    if (!schema) return;
    for (const [field, text] of Object.entries(a.texts)) {
      const spec = schema.fields[field];
      if (!spec || text === '') continue;
      // One made a variable before (a starter's) stays listed, so that it can be turned back.
      if (!canBeVariable(schema, field, spec) && !a.vars[field]) continue;
      const untouched = spec.default !== undefined && text === formatValue(spec, spec.default);
      if (untouched && !a.vars[field]) continue;
      rows.push({ label: `${who} · ${field}`, answer: a, field, spec });
    }
  };
  const named = (kind: string, list: ComponentAnswer[]) =>
    list.map((a, i) => {
      const same = list.filter((x) => x.type === a.type).length > 1;
      return `${kind} ${a.type}${same ? ` #${list.slice(0, i + 1).filter((x) => x.type === a.type).length}` : ''}`;
    });
  const builderNames = named('builder', state.answers.builders);
  state.answers.builders.forEach((b, i) => {
    add(b, builderNames[i]!);
    add(b.communicator, `${builderNames[i]} ${b.communicator.type}`);
  });
  const provNames = named('provisioner', state.answers.provisioners);
  state.answers.provisioners.forEach((p, i) => add(p, provNames[i]!));
  const ppNames = named('post-processor', state.answers.postProcessors);
  state.answers.postProcessors.forEach((p, i) => add(p, ppNames[i]!));
  return rows;
}
