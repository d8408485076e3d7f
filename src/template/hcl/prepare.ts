// HCL2: variable values (defaults, env, files, -var; types; validation blocks), locals, then every
// build's blocks evaluated and validated against the component schemas.
import { TemplateErrors, formatPos, type Problem } from '../../errors.js';
import type { BuildDef, Template } from '../model.js';
import type { GivenValue } from '../inputs.js';
import type { Prepared } from '../index.js';
import { dedupeProblems, collectSensitive } from '../problems.js';
import { checkBuild } from '../check-build.js';
import { hclDocs } from './load.js';
import { hclBuilds } from './build-model.js';
import { evaluateDeep, evaluateString, describeError } from './values.js';
import { parseExpression } from './expr.js';
import { evaluate, PendingObject, Unresolved, type Scope } from './eval.js';
import { convertToType, isStringLike } from './types.js';
import { componentApplies, withOverride } from '../select.js';

/** build.* values are known only at run time: kept as {{ .Name }} for the component to render. */
const BUILD_FIELDS = ['ID', 'Host', 'Port', 'User', 'Password', 'ConnType', 'PackerRunUUID', 'PackerHTTPAddr', 'PackerHTTPIP', 'PackerHTTPPort', 'SSHPublicKey', 'SSHPrivateKey', 'WinRMPassword'];
const buildObject = Object.fromEntries(BUILD_FIELDS.map((f) => [f, `{{ .${f} }}`]));

function resolveVariables(t: Template, given: GivenValue[], problems: Problem[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(t.variables)) {
    if (def.default === undefined) continue;
    try {
      const v = evaluateDeep(def.default, {}, { field: `variable "${name}".default`, pos: def.pos }, problems);
      values[name] = convertToType(v, def.type);
    } catch (e) {
      problems.push({ message: `default: ${describeError(e, String(def.default))} (defaults cannot use variables or functions)`, pos: def.pos, field: `variable "${name}"` });
    }
  }
  for (const g of given) {
    const def = t.variables[g.name];
    if (!def) {
      if (g.source.startsWith('-var ')) problems.push({ message: `undefined variable "${g.name}" given with ${g.source}: declare it with variable "${g.name}" {}`, field: `var.${g.name}` });
      continue;
    }
    try {
      let v = g.value;
      if (g.raw && typeof v === 'string' && !isStringLike(def.type)) v = evaluate(parseExpression(v), {});
      values[g.name] = convertToType(v, def.type);
    } catch (e) {
      problems.push({ message: `invalid value for variable "${g.name}" from ${g.source}: ${e instanceof Error ? e.message : String(e)}`, pos: def.pos, field: `var.${g.name}` });
    }
  }
  for (const [name, def] of Object.entries(t.variables)) {
    if (!(name in values) && def.required) {
      values[name] = ''; // reported once here, not again at every use
      problems.push({ message: `required variable "${name}" is not set: give it with -var '${name}=VALUE', a .pkrvars.hcl file or PKR_VAR_${name}`, pos: def.pos, field: `variable "${name}"` });
    }
  }
  for (const [name, def] of Object.entries(t.variables)) {
    if (!(name in values) || (def.required && values[name] === '' && !given.some((g) => g.name === name))) continue;
    for (const v of def.validations ?? []) {
      try {
        const ok = evaluateString(v.condition, { var: { [name]: values[name] } });
        if (ok !== true) problems.push({ message: `invalid value for variable "${name}": ${v.errorMessage}`, pos: v.pos, field: `variable "${name}".validation` });
      } catch (e) {
        problems.push({ message: `validation condition failed to evaluate: ${describeError(e, v.condition)}`, pos: v.pos, field: `variable "${name}".validation` });
      }
    }
  }
  return values;
}

function resolveLocals(t: Template, vars: Record<string, unknown>, problems: Problem[]): Record<string, unknown> {
  const local = new PendingObject();
  let pending = Object.entries(t.locals ?? {});
  while (pending.length) {
    const next: typeof pending = [];
    const waits = new Map<string, string>();
    for (const [name, def] of pending) {
      const scope: Scope = { var: vars, local, path: { root: t.dir, cwd: process.cwd() } };
      try {
        local[name] = evaluateDeep(def.value, scope, { field: `local.${name}`, pos: def.pos }, problems);
      } catch (e) {
        if (!(e instanceof Unresolved)) throw e;
        next.push([name, def]);
        waits.set(name, e.message);
      }
    }
    if (next.length === pending.length) {
      for (const [name, def] of next) {
        const ref = waits.get(name)!;
        const target = ref.replace(/^local\./, '');
        const why = target in (t.locals ?? {}) ? `local "${name}" and ${ref} refer to each other in a loop` : `undeclared local "${ref}"`;
        problems.push({ message: why, pos: def.pos, field: `local.${name}` });
      }
      break;
    }
    pending = next;
  }
  return { ...local };
}

export async function prepareHcl(t: Template, given: GivenValue[], select: (builds: BuildDef[]) => BuildDef[] = (b) => b, loadProblems: Problem[] = []): Promise<Prepared> {
  const docs = hclDocs(t);
  if (!docs) throw new Error('HCL template prepared without its parsed files');
  // Block problems found while loading come again from hclBuilds below; dedupe keeps one of each.
  const problems: Problem[] = [...loadProblems];
  const variables = resolveVariables(t, given, problems);
  const locals = resolveLocals(t, variables, problems);
  const scopeFor = (source?: { type: string; name: string }): Scope => ({
    var: variables,
    local: locals,
    path: { root: t.dir, cwd: process.cwd() },
    build: buildObject,
    ...(source ? { source } : {}),
  });
  const builds = hclBuilds(
    docs,
    (value, source, field, pos) => {
      try {
        return evaluateDeep(value, scopeFor(source), { field, pos }, problems);
      } catch (e) {
        problems.push({ message: describeError(e, ''), pos, field });
        return value;
      }
    },
    problems,
  );
  const sourceNames = new Set(builds.map((b) => b.sourceName));
  const warnings = new Set<string>();
  const checked = select(builds).map((b) => {
    for (const p of b.provisioners) {
      for (const n of [...(p.only ?? []), ...(p.except ?? [])]) {
        // Packer 1.6.6 accepts these silently: a warning, not an error.
        if (!sourceNames.has(n)) warnings.add(`${formatPos(p.pos)}: provisioner "${p.type}": only/except names "${n}", which is not a source of any build (sources: ${[...sourceNames].join(', ')})`);
      }
    }
    const picked = {
      ...b,
      // An HCL override block is keyed by source name, build name or builder name.
      provisioners: b.provisioners.filter((p) => componentApplies(p, b.sourceName)).map((p) => withOverride(p, [b.sourceName, b.name, b.builderName])),
      postProcessors: b.postProcessors.map((c) => c.filter((p) => componentApplies(p, b.sourceName))).filter((c) => c.length),
      errorCleanupProvisioner:
        b.errorCleanupProvisioner && componentApplies(b.errorCleanupProvisioner, b.sourceName) ? b.errorCleanupProvisioner : undefined,
    };
    return checkBuild(t, picked, problems, { builder: `source.${b.builderType}.${b.builderName}` });
  });
  if (problems.length) throw new TemplateErrors(dedupeProblems(problems));
  const evaluatedLocals = Object.fromEntries(Object.entries(t.locals ?? {}).map(([k, l]) => [k, { ...l, value: locals[k] ?? l.value }]));
  const template: Template = { ...t, builds: checked, locals: evaluatedLocals };
  const sensitive = collectSensitive(checked, variables, t);
  for (const [k, l] of Object.entries(t.locals ?? {})) if (l.sensitive && typeof locals[k] === 'string' && locals[k] !== '') sensitive.push(locals[k] as string);
  return { template, variables, sensitiveValues: sensitive, warnings: [...warnings] };
}

