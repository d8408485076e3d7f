// The template API: load (parse only), prepare (variables + interpolation + validation), render at run time.
import { TemplateErrors, type Problem } from '../errors.js';
import type { Template, VariableInputs, BuildDef } from './model.js';
import { formatOf, loadTemplate, loadTemplateLenient } from './load.js';
import { selectBuilds, exceptPostProcessors, exceptedPostProcessorNames } from './select.js';
import { collectInputs } from './inputs.js';
import { resolveLegacyVariables, interpolateLegacyBuild, checkBuildNames, undeclaredUserWarning } from './prepare-legacy.js';
import { checkBuild } from './check-build.js';
import type { BuildWarning } from './build-warnings.js';
import { renderGoTemplate } from './gotemplate/render.js';
import { packerFuncs, PACKER_COMPAT_VERSION } from './gotemplate/funcs.js';
import { dedupeProblems, collectSensitive } from './problems.js';
import type { Engine } from '../packer-engine/needs-packer.js';

export { loadTemplate } from './load.js';
export { selectBuilds } from './select.js';
export { parseVarFlag } from './inputs.js';
export type { Template, VariableInputs, BuildDef } from './model.js';

export interface Prepared {
  template: Template;
  variables: Record<string, unknown>;
  /** Values to mask in every output: sensitive variables and fields the schemas mark sensitive. */
  sensitiveValues: string[];
  /** pack's own warnings (printed "Warning: TEXT" on stderr). */
  warnings: string[];
  /** The components' warnings, as Packer's prepare returns them (formatBuildWarnings prints them as Packer does). */
  buildWarnings: BuildWarning[];
}

export interface PrepareOptions {
  /** Parse only: report syntax errors, nothing else. */
  syntaxOnly?: boolean;
  /** -only / -except: prepare (and report problems of) these builds only; names or globs. */
  only?: string[];
  except?: string[];
  /** Which builds pack checks in full: under auto, components only Packer has are Packer's to check. */
  engine?: Engine;
  /** pack validate: also what Packer's prepare checks on this machine (an output folder that exists). */
  checkHere?: boolean;
}


function versionTuple(v: string): number[] {
  return v.replace(/^v/, '').split(/[.-]/).slice(0, 3).map((x) => Number.parseInt(x, 10) || 0);
}

function checkMinVersion(t: Template, problems: Problem[]): void {
  if (!t.minVersion) return;
  const want = versionTuple(t.minVersion);
  const have = versionTuple(PACKER_COMPAT_VERSION);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) > (want[i] ?? 0)) return;
    if ((have[i] ?? 0) < (want[i] ?? 0)) {
      problems.push({ message: `this template requires Packer ${t.minVersion}; pack runs templates of Packer ${PACKER_COMPAT_VERSION}`, field: 'min_packer_version', pos: { file: t.path } });
      return;
    }
  }
}


export async function prepareTemplate(path: string, inputs: VariableInputs, opts: PrepareOptions = {}): Promise<Prepared> {
  const prepared = await prepareSelected(path, inputs, opts);
  if (!opts.except?.length) return prepared;
  const builds = prepared.template.builds.map((b) => {
    const excepted = exceptedPostProcessorNames(b.postProcessors, opts.except);
    return excepted.length ? { ...b, postProcessors: exceptPostProcessors(b.postProcessors, opts.except), exceptedPostProcessors: excepted } : b;
  });
  return { ...prepared, template: { ...prepared.template, builds } };
}

/** Prepares the builds -only/-except pick, each with the components that apply to it (override merged). */
async function prepareSelected(path: string, inputs: VariableInputs, opts: PrepareOptions): Promise<Prepared> {
  if (opts.syntaxOnly) return { template: await loadTemplate(path), variables: {}, sensitiveValues: [], warnings: [], buildWarnings: [] };
  // HCL2's preparation loads while the template is read.
  const hclPrepare = formatOf(path) === 'hcl' ? import('./hcl/index.js') : undefined;
  void hclPrepare?.catch(() => undefined); // awaited below, unless loading fails first
  const { template, problems: loadProblems } = await loadTemplateLenient(path);
  const given = await collectInputs(inputs);
  if (template.format === 'hcl') {
    const { prepareHcl } = await (hclPrepare ?? import('./hcl/index.js'));
    return prepareHcl(template, given, (builds) => selectBuilds(builds, opts.only, opts.except), loadProblems, opts.engine, opts.checkHere);
  }
  const problems: Problem[] = [...loadProblems];
  if (template.builds.length === 0) throw new TemplateErrors(problems);
  checkMinVersion(template, problems);
  const { values, problems: varProblems, warnings, unset } = resolveLegacyVariables(template, given);
  problems.push(...varProblems);
  // As Packer: an unset required variable ends the check, so the fields that use it do not fail too
  // ("one authentication method must be specified" for an unset password). In a terminal, `pack build`
  // asks for it and prepares again, which reports what else is wrong.
  if (unset.length) {
    collectSensitive([], values, template); // registers them, for a message that may quote one
    throw new TemplateErrors(dedupeProblems(problems));
  }
  checkBuildNames(template, problems);
  const picked = new Set(selectBuilds(template.builds, opts.only, opts.except));
  const builds: BuildDef[] = [];
  const buildWarnings: BuildWarning[] = [];
  const undeclared = new Set<string>();
  template.builds.forEach((b, i) => {
    if (!picked.has(b)) return;
    const interpolated = interpolateLegacyBuild(template, b, values, problems, undeclared);
    builds.push(checkBuild(template, interpolated, problems, buildWarnings, { builder: `builders[${i}] (${b.name})`, engine: opts.engine, here: opts.checkHere }));
  });
  const sensitiveValues = collectSensitive(builds, values, template);
  if (problems.length) throw new TemplateErrors(dedupeProblems(problems));
  const prepared: Template = { ...template, builds };
  return { template: prepared, variables: values, sensitiveValues, warnings: [...warnings, ...undeclaredUserWarning(undeclared)], buildWarnings };
}


/**
 * Renders a Go template at run time: the dotted fields a component supplies ({{.Path}}, {{.Vars}})
 * and the build functions ({{build_name}}, {{timestamp}}...). Unknown fields and functions throw.
 */
export function renderRuntime(text: string, data: Record<string, unknown>, build?: { name: string; type: string; templateDir: string }): string {
  try {
    return renderGoTemplate(text, {
      funcs: packerFuncs({ templateDir: build?.templateDir ?? process.cwd(), buildName: build?.name, buildType: build?.type, buildData: data }),
      data,
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const fields = Object.keys(data);
    throw new Error(`error rendering ${JSON.stringify(text)}: ${msg}${fields.length ? ` (available here: ${fields.map((f) => '.' + f).join(', ')})` : ''}`);
  }
}
