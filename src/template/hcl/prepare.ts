// HCL2: variable values (defaults, env, files, -var; types; validation blocks), locals, then every
// build's blocks evaluated and validated against the component schemas.
import { TemplateErrors, formatPos, type Problem } from '../../errors.js';
import type { BuildDef, Template } from '../model.js';
import type { GivenValue } from '../inputs.js';
import type { Prepared } from '../index.js';
import { dedupeProblems, collectSensitive } from '../problems.js';
import { checkBuild } from '../check-build.js';
import type { BuildWarning } from '../build-warnings.js';
import { hclDocs, hclBaseDir, hclRequiredPlugins } from './load.js';
import { pluginBuiltIn } from '../packer-catalog.js';
import { hclBuilds } from './build-model.js';
import { evaluateDeep, evaluateString, describeError } from './values.js';
import { parseExpression } from './expr.js';
import { evaluate, functionsFor, type Scope, type Functions } from './eval.js';
import { resolveLocalsAndData } from './locals-and-data.js';
import { PACKER_COMPAT_VERSION, BUILD_FIELDS } from '../gotemplate/funcs.js';
import { defaultFunctions } from './functions/index.js';
import { withAutoVarFiles } from './auto-varfiles.js';
import { checkHclLists } from './strict-lists.js';
import { checkHcpRegistries } from './hcp-registry.js';
import { convertToType, isStringLike } from './types.js';
import { componentApplies, withOverride } from '../select.js';
import { interpolateHclBuild } from '../prepare-legacy.js';
import { processSecrets } from '../../core/redact.js';
import type { Engine } from '../../packer-engine/needs-packer.js';

/** build.* values are known only at run time: kept as {{ .Name }} for the component to render. */
// What HCP Packer would give a build: pack publishes nothing there, so they are empty (Packer leaves them unknown).
const HCP_VALUES = { iterationID: '', versionFingerprint: '' };
const buildObject = Object.fromEntries(BUILD_FIELDS.map((f) => [f, `{{ .${f} }}`]));

/** path.root is the template's folder as given (relative, as Packer keeps it); path.cwd is absolute. */
const pathObject = (t: Template) => ({ root: hclBaseDir(t), cwd: process.cwd() });

function resolveVariables(t: Template, given: GivenValue[], problems: Problem[], fns: Functions, warnings: Set<string>): { values: Record<string, unknown>; unset: Set<string> } {
  const envOnly = defaultFunctions(process.env);
  const values: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(t.variables)) {
    if (def.default === undefined) continue;
    const pos = def.defaultPos ?? def.pos;
    let v: unknown;
    try {
      v = evaluateDeep(def.default, {}, { field: `variable "${name}".default`, pos }, problems, envOnly);
    } catch (e) {
      problems.push({ message: `default: ${describeError(e, String(def.default))} (defaults cannot use variables, and only the env() function)`, pos, field: `variable "${name}"` });
      continue;
    }
    try {
      values[name] = convertToType(v, def.type);
    } catch (e) {
      // A value of the wrong type: what the type wants is the whole story.
      problems.push({ message: `default: ${describeError(e, String(def.default))}: the default must match type = ${def.type}`, pos, field: `variable "${name}"` });
    }
  }
  for (const g of given) {
    const def = t.variables[g.name];
    if (!def) {
      if (g.source.startsWith('-var ')) problems.push({ message: `undefined variable "${g.name}" given with ${g.source}: declare it with variable "${g.name}" {}`, field: `var.${g.name}` });
      // Packer only warns: shared var files set more than one template declares.
      else if (!g.source.startsWith('environment')) warnings.add(`undefined variable "${g.name}" set in ${g.source.replace(/^-var-file /, '')}: declare it with variable "${g.name}" {} in a .pkr.hcl file to use it`);
      continue;
    }
    try {
      let v = g.value;
      if (g.raw && typeof v === 'string' && !isStringLike(def.type)) v = evaluate(parseExpression(v), {}, {});
      values[g.name] = convertToType(v, def.type);
    } catch (e) {
      problems.push({ message: `invalid value for variable "${g.name}" from ${g.source}: ${e instanceof Error ? e.message : String(e)}`, pos: def.pos, field: `var.${g.name}` });
    }
  }
  const unset = new Set<string>();
  for (const [name, def] of Object.entries(t.variables)) {
    if (!(name in values) && def.required) {
      unset.add(name);
      problems.push({ message: `required variable "${name}" is not set: give it with -var '${name}=VALUE', a .pkrvars.hcl file or PKR_VAR_${name}`, pos: def.pos, field: `variable "${name}"` });
    }
  }
  for (const [name, def] of Object.entries(t.variables)) {
    if (!(name in values) || unset.has(name)) continue;
    for (const v of def.validations ?? []) {
      try {
        const ok = evaluateString(v.condition, { var: { [name]: values[name] } }, fns);
        if (ok !== true) problems.push({ message: `invalid value for variable "${name}": ${v.errorMessage}`, pos: v.pos, field: `variable "${name}".validation` });
      } catch (e) {
        problems.push({ message: `validation condition failed to evaluate: ${describeError(e, v.condition)}`, pos: v.pos, field: `variable "${name}".validation` });
      }
    }
  }
  return { values, unset };
}

export async function prepareHcl(t: Template, given: GivenValue[], select: (builds: BuildDef[]) => BuildDef[] = (b) => b, loadProblems: Problem[] = [], engine?: Engine, checkHere?: boolean): Promise<Prepared> {
  const docs = hclDocs(t);
  if (!docs) throw new Error('HCL template prepared without its parsed files');
  // Block problems found while loading come again from hclBuilds below; dedupe keeps one of each.
  const problems: Problem[] = [...loadProblems];
  const fns = functionsFor(hclBaseDir(t));
  const warnings = new Set<string>();
  for (const p of hclRequiredPlugins(t)) {
    if (!pluginBuiltIn(p.source)) warnings.add(`${formatPos(p.pos)}: required plugin "${p.name}" (${p.source}) is not built into pack: builds that use its components need Packer`);
  }
  const { values: variables, unset } = resolveVariables(t, await withAutoVarFiles(t.path, given), problems, fns, warnings);
  // As Packer: an unset required variable ends the check, so its uses do not fail too (parseint(""),
  // ".suffix" of a string...). In a terminal, `pack build` asks for it and prepares again.
  if (unset.size) {
    collectSensitive([], variables, t); // registers them, for a message that may quote one
    throw new TemplateErrors(dedupeProblems(problems));
  }
  const base: Scope = { var: variables, path: pathObject(t), packer: { version: PACKER_COMPAT_VERSION, ...HCP_VALUES } };
  const { locals, data } = await resolveLocalsAndData(t, base, problems, fns);
  const scopeFor = (source?: { type: string; name: string }): Scope => ({
    ...base,
    local: locals,
    data,
    build: buildObject,
    ...(source ? { source } : {}),
  });
  const builds = hclBuilds(
    docs,
    (value, source, field, pos, extra) => {
      try {
        return evaluateDeep(value, { ...scopeFor(source), ...extra }, { field, pos }, problems, fns);
      } catch (e) {
        problems.push({ message: describeError(e, ''), pos, field });
        return value;
      }
    },
    problems,
  );
  checkHcpRegistries(docs, (value, source, field, pos) => {
    try {
      return evaluateDeep(value, scopeFor(source), { field, pos }, problems, fns);
    } catch (e) {
      problems.push({ message: describeError(e, ''), pos, field });
      return value;
    }
  }, problems, warnings);
  const sourceNames = new Set(builds.map((b) => b.sourceName));
  const buildWarnings: BuildWarning[] = [];
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
    checkHclLists(picked, problems);
    return checkBuild(t, interpolateHclBuild(t, picked, problems), problems, buildWarnings, { builder: `source.${b.builderType}.${b.builderName}`, engine, plugins: hclRequiredPlugins(t), here: checkHere });
  });
  const sensitive = collectSensitive(checked, variables, t);
  for (const [k, l] of Object.entries(t.locals ?? {})) if (l.sensitive && typeof locals[k] === 'string' && locals[k] !== '') sensitive.push(locals[k] as string);
  for (const v of sensitive) processSecrets.add(v);
  if (problems.length) throw new TemplateErrors(dedupeProblems(problems));
  const evaluatedLocals = Object.fromEntries(Object.entries(t.locals ?? {}).map(([k, l]) => [k, { ...l, value: locals[k] ?? l.value }]));
  const template: Template = { ...t, builds: checked, locals: evaluatedLocals };
  return { template, variables, sensitiveValues: sensitive, warnings: [...warnings], buildWarnings };
}

