// JSON/YAML templates: variables, Go-template interpolation per build, then schema validation.
import type { Problem } from '../errors.js';
import type { BuildDef, PostProcessorDef, ProvisionerDef, SourcePos, Template } from './model.js';
import type { GivenValue } from './inputs.js';
import { renderGoTemplate, GoTemplateError } from './gotemplate/render.js';
import { packerFuncs, type FuncContext } from './gotemplate/funcs.js';
import { keyPos, copyPositions } from './positions.js';
import { componentApplies, withOverride } from './select.js';
import { resolveInOrder } from './resolve-order.js';
import { retryCount } from './legacy.js';
import type { ComponentKind } from '../schema/types.js';
import { packImplements } from '../packer-engine/needs-packer.js';

export interface ResolvedVars {
  values: Record<string, unknown>;
  problems: Problem[];
  warnings: string[];
  /** Required variables nobody gave: the template is not checked further (as in Packer). */
  unset: string[];
}

/** Resolves user variables: given values over defaults, then {{env}} / {{user}} in them. */
export function resolveLegacyVariables(t: Template, given: GivenValue[]): ResolvedVars {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const rawValues: Record<string, string> = {};
  for (const [name, def] of Object.entries(t.variables)) if (def.default !== undefined) rawValues[name] = String(def.default);
  for (const g of given) {
    if (!(g.name in t.variables)) {
      // Packer 1.6.6 accepts these silently (shared var files, "_comment" keys): a warning.
      if (!g.source.startsWith('environment') && !g.name.startsWith('_')) warnings.push(`variable "${g.name}" (from ${g.source}) is not declared in the template's "variables"; it is ignored`);
      continue;
    }
    rawValues[g.name] = typeof g.value === 'string' ? g.value : JSON.stringify(g.value);
  }
  const unset: string[] = [];
  for (const [name, def] of Object.entries(t.variables)) {
    if (def.required && !(name in rawValues)) {
      unset.push(name);
      problems.push({ message: `required variable "${name}" is not set: give it with -var '${name}=VALUE', -var-file or PKR_VAR_${name}`, pos: def.pos, field: `variables.${name}` });
    }
  }
  // Defaults may use {{env}} and other variables: resolved in dependency order, each once.
  const values: Record<string, unknown> = {};
  // One set of functions for every value: {{user}} reads `values` as it fills up.
  const funcs = packerFuncs({ templateDir: t.dir, userVars: values, env: process.env });
  const failed = new Set<string>();
  resolveInOrder(Object.keys(rawValues), (n) => n in rawValues && !failed.has(n), {
    attempt(name) {
      const raw = rawValues[name];
      // Most values are plain text: nothing to render.
      if (!raw.includes('{{')) {
        values[name] = raw;
        return { ok: true };
      }
      try {
        values[name] = renderGoTemplate(raw, { funcs });
        return { ok: true };
      } catch (e) {
        const dependsOn = /variable "([^"]+)" is not declared/.exec(e instanceof Error ? e.message : '');
        if (dependsOn && dependsOn[1] in rawValues && !(dependsOn[1] in values)) return { ok: false, dependency: dependsOn[1] };
        failed.add(name);
        problems.push({ message: interpolationMessage(e), pos: t.variables[name]?.pos, field: `variables.${name}` });
        return { ok: true };
      }
    },
    loop(name) {
      failed.add(name);
      problems.push({ message: 'variables refer to each other in a loop', pos: t.variables[name]?.pos, field: `variables.${name}` });
    },
    missing(name, dep) {
      // The dependency failed and was reported: this one is not reported again.
      failed.add(name);
      void dep;
    },
  });
  // Unset (reported above) or broken variables render as "" so that one mistake is reported once.
  for (const name of Object.keys(t.variables)) if (!(name in values)) values[name] = '';
  return { values, problems, warnings, unset };
}

/** The warning for {{user}} calls naming variables the template does not declare. */
export function undeclaredUserWarning(names: Set<string>): string[] {
  return [...names].sort().map((n) => `{{user \`${n}\`}} names a variable that "variables" does not declare: it renders as an empty string (as in Packer); declare it to give it a value`);
}

function interpolationMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof GoTemplateError) return `template error: ${msg}`;
  return msg;
}

/** Renders every string in a value, reporting problems with the field and position. */
export function interpolateDeep(value: unknown, ctx: FuncContext, field: string, pos: SourcePos | undefined, problems: Problem[]): unknown {
  if (typeof value === 'string') {
    try {
      return renderGoTemplate(value, { funcs: packerFuncs(ctx) });
    } catch (e) {
      problems.push({ message: interpolationMessage(e), pos, field });
      return value;
    }
  }
  if (Array.isArray(value)) {
    const out = value.map((v, i) => interpolateDeep(v, ctx, `${field}[${i}]`, keyPos(value, i) ?? pos, problems));
    copyPositions(value, out);
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateDeep(v, ctx, `${field}.${k}`, keyPos(value, k) ?? pos, problems);
    copyPositions(value, out);
    return out;
  }
  return value;
}

/**
 * HCL2 component fields still go through Packer's Go templates, as Packer's config decoding renders them
 * whatever the template's format: {{build_name}}, {{timestamp}}, {{upper `x`}}... render here, the dotted
 * run-time fields ({{ .Vars }}, {{ .HTTPIP }}) stay for run time, and {{user}} and {{env}} are errors (HCL2
 * has var. and env() for them).
 */
export function interpolateHclBuild(t: Template, b: BuildDef, problems: Problem[]): BuildDef {
  const ctx: FuncContext = {
    templateDir: t.dir,
    buildName: b.builderName,
    buildType: b.builderType,
    extra: {
      user: () => {
        throw new Error('{{user}} is not available in HCL2 templates: use var.NAME (declared in a variable block)');
      },
      env: () => {
        throw new Error('{{env}} is not available here: use env("NAME") in a variable\'s default, then var.NAME');
      },
    },
  };
  const field = `source.${b.sourceName}`;
  // Packer renders the fields of its own components (it reads the template itself): only pack's are rendered here.
  const renderConfig = (kind: ComponentKind, type: string, config: Record<string, unknown>, where: string, pos: SourcePos | undefined) =>
    packImplements(kind, type) ? (interpolateDeep(config, ctx, where, pos, problems) as Record<string, unknown>) : config;
  const render = <T extends { config: Record<string, unknown>; pos?: SourcePos; type: string }>(kind: ComponentKind, c: T, where: string): T => ({
    ...c,
    config: renderConfig(kind, c.type, c.config, where, c.pos),
  });
  return {
    ...b,
    config: renderConfig('builder', b.builderType, b.config, field, b.pos),
    communicator: { type: b.communicator.type, config: renderConfig('communicator', b.communicator.type, b.communicator.config, field, b.pos) },
    provisioners: b.provisioners.map((p) => render('provisioner', p, `provisioner "${p.type}"`)),
    postProcessors: b.postProcessors.map((chain) => chain.map((p) => render('post-processor', p, `post-processor "${p.type}"`))),
    ...(b.errorCleanupProvisioner ? { errorCleanupProvisioner: render('provisioner', b.errorCleanupProvisioner, `error-cleanup-provisioner "${b.errorCleanupProvisioner.type}"`) } : {}),
  };
}

/** Checks only/except/override name builds that exist. */
export function checkBuildNames(t: Template, problems: Problem[]): void {
  const names = new Set(t.builds.map((b) => b.name));
  const first = t.builds[0];
  if (!first) return;
  const check = (list: string[] | undefined, what: string, field: string, pos?: SourcePos) => {
    for (const n of list ?? []) {
      if (!names.has(n)) problems.push({ message: `'${what}' names build "${n}", which does not exist (builds: ${[...names].join(', ')})`, pos, field });
    }
  };
  first.provisioners.forEach((p, i) => {
    check(p.only, 'only', `provisioners[${i}].only`, p.pos);
    check(p.except, 'except', `provisioners[${i}].except`, p.pos);
    check(Object.keys(p.override ?? {}), 'override', `provisioners[${i}].override`, p.pos);
  });
  first.postProcessors.forEach((chain, i) =>
    chain.forEach((p) => {
      check(p.only, 'only', `post-processors[${i}].only`, p.pos);
      check(p.except, 'except', `post-processors[${i}].except`, p.pos);
    }),
  );
}

/**
 * One build with its provisioners and post-processors picked and interpolated. {{user}} of a variable the
 * template does not declare renders "" (as in Packer 1.6.6, which accepts such templates); its name goes
 * into `undeclared` so that the caller can warn once.
 */
export function interpolateLegacyBuild(t: Template, b: BuildDef, userVars: Record<string, unknown>, problems: Problem[], undeclared?: Set<string>): BuildDef {
  const ctx: FuncContext = { templateDir: t.dir, userVars, buildName: b.builderName, buildType: b.builderType, onUndeclaredUser: (name) => undeclared?.add(name) };
  const base = b.pos;
  const buildField = `build "${b.name}"`;
  const config = interpolateDeep(b.config, ctx, buildField, base, problems) as Record<string, unknown>;
  const comm = interpolateDeep(b.communicator.config, ctx, buildField, base, problems) as Record<string, unknown>;
  const prov = (p: ProvisionerDef, field: string): ProvisionerDef => {
    const picked: ProvisionerDef = { ...withOverride(p, [b.name]) };
    if (picked.maxRetriesTemplate !== undefined) {
      const text = interpolateDeep(picked.maxRetriesTemplate, ctx, `${field}.max_retries`, p.pos, problems);
      delete picked.maxRetriesTemplate;
      const n = retryCount(text);
      if (n !== undefined) picked.maxRetries = n;
      else if (typeof text === 'string') problems.push({ message: `must be a whole number, not ${JSON.stringify(text)} (rendered from ${JSON.stringify(p.maxRetriesTemplate)})`, pos: p.pos, field: `${field}.max_retries` });
    }
    return { ...picked, config: interpolateDeep(picked.config, ctx, field, p.pos, problems) as Record<string, unknown> };
  };
  const provisioners = b.provisioners
    .map((p, i) => [p, i] as const)
    .filter(([p]) => componentApplies(p, b.name))
    .map(([p, i]) => prov(p, `provisioners[${i}]`));
  const postProcessors: PostProcessorDef[][] = [];
  b.postProcessors.forEach((chain, i) => {
    const picked = chain
      .filter((p) => componentApplies(p, b.name))
      .map((p) => ({ ...p, config: interpolateDeep(p.config, ctx, `post-processors[${i}]`, p.pos, problems) as Record<string, unknown> }));
    if (picked.length) postProcessors.push(picked);
  });
  const out: BuildDef = { ...b, config, communicator: { type: b.communicator.type, config: comm }, provisioners, postProcessors };
  if (b.errorCleanupProvisioner && componentApplies(b.errorCleanupProvisioner, b.name)) {
    out.errorCleanupProvisioner = prov(b.errorCleanupProvisioner, 'error-cleanup-provisioner');
  } else delete out.errorCleanupProvisioner;
  return out;
}
