// `--set KEY=VALUE` keys: where a value goes in the answers, and the key to name a missing value.
//   description=TEXT
//   builder.FIELD=V            every builder (usually one)       builder.N.FIELD / builder.TYPE.FIELD: one of them
//   communicator.FIELD=V       every builder's communicator      communicator.N.FIELD
//   provisioner.N.FIELD=V      the Nth provisioner (0-based; N may be left out when there is one)
//   post-processor.N.FIELD=V   the Nth post-processor, counted across chains
// Repeating a key for a list field (inline, ...) adds one item per --set.
import { UserError } from '../errors.js';
import type { Answers, ComponentAnswer } from './answers.js';
import type { Catalog } from './catalog.js';

export const SET_KEYS_HELP = `Keys for --set KEY=VALUE:
  description=TEXT              the template's description
  builder.FIELD=V               a field of every builder; builder.N.FIELD or builder.TYPE.FIELD for one
  communicator.FIELD=V          a field of every builder's communicator; communicator.N.FIELD for one
  provisioner.N.FIELD=V         a field of the Nth provisioner (from 0; provisioner.FIELD when there is one)
  post-processor.N.FIELD=V      a field of the Nth post-processor (from 0, across chains)
  Repeat a key to give a list field (inline, ...) several items. Values are parsed by the field's type:
  numbers, true/false, durations (30s, 5m), KEY=VALUE for maps, JSON for objects.`;

type Scope = 'builder' | 'communicator' | 'provisioner' | 'post-processor';

function targets(answers: Answers, scope: Scope, sel: string | undefined, key: string): ComponentAnswer[] {
  const pick = <T>(list: T[], match: (t: T, s: string) => boolean): T[] => {
    if (sel === undefined) {
      if (scope === 'builder' || scope === 'communicator' || list.length === 1) return list;
      throw new UserError(`pack init: --set ${key}: say which ${scope} (${scope}.N.FIELD, N from 0)`);
    }
    const n = /^\d+$/.test(sel) ? Number(sel) : -1;
    const found = list.filter((t, i) => i === n || match(t, sel));
    if (found.length === 0) throw new UserError(`pack init: --set ${key}: there is no ${scope} "${sel}" (there are ${list.length})`);
    return found;
  };
  const byType = (c: { type: string; name?: string }, s: string) => c.type === s || c.name === s;
  switch (scope) {
    case 'builder': return pick(answers.builders, byType);
    case 'communicator': return pick(answers.builders, byType).map((b) => b.communicator);
    case 'provisioner': return pick(answers.provisioners, () => false);
    case 'post-processor': return pick(answers.postProcessors, () => false);
  }
}

/** Applies --set values to the answers (texts, so they are parsed like typed answers). */
export function applySets(answers: Answers, sets: string[], catalog: Catalog): void {
  const given = new Map<ComponentAnswer, Set<string>>();
  for (const item of sets) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UserError(`pack init: --set takes KEY=VALUE, not "${item}"`);
    const key = item.slice(0, eq);
    const value = item.slice(eq + 1);
    if (key === 'description') {
      answers.description = value;
      continue;
    }
    const parts = key.split('.');
    const scope = parts[0] as Scope;
    if (!['builder', 'communicator', 'provisioner', 'post-processor'].includes(scope) || parts.length < 2 || parts.length > 3) {
      throw new UserError(`pack init: unknown --set key "${key}"\n${SET_KEYS_HELP}`);
    }
    const field = parts[parts.length - 1];
    const sel = parts.length === 3 ? parts[1] : undefined;
    for (const t of targets(answers, scope, sel, key)) {
      const schema = catalog.find(t.kind, t.type);
      if (schema && !schema.fields[field]) {
        const known = Object.keys(schema.fields).join(', ') || 'none';
        throw new UserError(`pack init: --set ${key}: the ${t.kind} ${t.type} has no field "${field}" (fields: ${known})`);
      }
      const done = given.get(t) ?? new Set<string>();
      const append = done.has(field) && schema?.fields[field]?.type.includes('[]');
      t.texts[field] = append ? `${t.texts[field]}\n${value}` : value;
      done.add(field);
      given.set(t, done);
    }
  }
}

/** The --set key that gives `field` of the component at `index` in its list. */
export function setKey(scope: Scope, index: number, count: number, field: string): string {
  const one = count === 1;
  if (scope === 'builder' || scope === 'communicator') return one ? `${scope}.${field}` : `${scope}.${index}.${field}`;
  return `${scope}.${index}.${field}`;
}
