// Loading a starter template (templates/*.yaml) into answers the wizard can edit.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UserError } from '../errors.js';
import type { ComponentKind } from '../schema/types.js';
import type { Answers, BuilderAnswer, ComponentAnswer, PostProcessorAnswer } from './answers.js';
import { asBuilder, type Catalog } from './catalog.js';
import { formatValue } from './values.js';

export { templatesDir, listStarters, findStarter, type Starter } from './starter-list.js';

type Obj = Record<string, unknown>;
const USER_REF = /^\{\{\s*user\s+[`"]([\w-]+)[`"]\s*\}\}$/;

/** Loads a starter (YAML or JSON in Packer JSON's shape) into answers. */
export function loadStarter(file: string, catalog: Catalog): Answers {
  let raw: Obj;
  try {
    raw = parse(readFileSync(file, 'utf8')) as Obj;
  } catch (err) {
    throw new UserError(`pack init: cannot read starter ${file}: ${(err as Error).message}`);
  }
  const variables = (raw.variables ?? {}) as Obj;
  const secret = new Set((raw['sensitive-variables'] ?? []) as string[]);
  const consumed = new Set<string>();

  const fill = (kind: ComponentKind, type: string, entries: [string, unknown][], owner?: ComponentAnswer): ComponentAnswer => {
    const schema = catalog.find(kind, type);
    const a: ComponentAnswer = { kind, type, texts: {}, extra: {}, vars: {} };
    for (const [k, v0] of entries) {
      const spec = schema?.fields[k];
      if (!spec) {
        if (owner) owner.extra[k] = v0;
        else a.extra[k] = v0;
        continue;
      }
      let v = v0;
      const ref = typeof v === 'string' ? USER_REF.exec(v) : null;
      if (ref && ref[1] in variables) {
        a.vars[k] = { name: ref[1], sensitive: secret.has(ref[1]) };
        consumed.add(ref[1]);
        v = variables[ref[1]];
      }
      a.texts[k] = formatValue(spec, v);
      if (spec.type === 'string|string[]' && Array.isArray(v)) (a.asList ??= []).push(k);
    }
    return a;
  };

  const builders: BuilderAnswer[] = ((raw.builders ?? []) as Obj[]).map((b) => {
    const type = String(b.type);
    const def = asBuilder(catalog.find('builder', type));
    const commType = typeof b.communicator === 'string' ? b.communicator : def?.communicators[0] ?? 'none';
    const commSchema = catalog.find('communicator', commType);
    const rest = Object.entries(b).filter(([k]) => k !== 'type' && k !== 'communicator' && k !== 'name');
    const ownFields = rest.filter(([k]) => !commSchema?.fields[k] || def?.fields[k]);
    const commFields = rest.filter(([k]) => commSchema?.fields[k] && !def?.fields[k]);
    const answer = fill('builder', type, ownFields);
    return {
      ...answer,
      ...(typeof b.name === 'string' ? { name: b.name } : {}),
      communicator: fill('communicator', commType, commFields),
      ...(typeof b.communicator === 'string' ? { communicatorWritten: true } : {}),
    };
  });
  const provisioners = ((raw.provisioners ?? []) as Obj[]).map((p) =>
    fill('provisioner', String(p.type), Object.entries(p).filter(([k]) => k !== 'type')));
  const postProcessors: PostProcessorAnswer[] = [];
  for (const item of (raw['post-processors'] ?? []) as unknown[]) {
    const chain = Array.isArray(item) ? item : [item];
    chain.forEach((step, i) => {
      const o: Obj = typeof step === 'string' ? { type: step } : (step as Obj);
      const a = fill('post-processor', String(o.type), Object.entries(o).filter(([k]) => k !== 'type'));
      postProcessors.push({ ...a, chained: i > 0 });
    });
  }
  return {
    description: typeof raw.description === 'string' ? raw.description : undefined,
    variables: Object.entries(variables)
      .filter(([name]) => !consumed.has(name))
      .map(([name, value]) => ({ name, default: value, sensitive: secret.has(name) })),
    builders,
    provisioners,
    postProcessors,
  };
}
