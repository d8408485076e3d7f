// An HCL2 template (as loaded, expressions unevaluated) into Packer JSON's shape: one builder per build,
// provisioners and post-processors once when every build has the same, else once per group of builds
// with `only`; variables (sensitive ones listed in sensitive-variables) and string locals become JSON
// variables, other values are written in place.
import type { BuildDef, PostProcessorDef, ProvisionerDef, Template } from '../template/model.js';
import { defaultCommunicator } from '../template/split-communicator.js';
import { ConvertError, hclToGo, type HclToGoScope } from './values.js';
import type { LegacyDoc } from './legacy-doc.js';

/** JSON builder names: the source's name, or the whole build name where two builds share it. */
function jsonNames(builds: BuildDef[]): Map<BuildDef, string> {
  const count = new Map<string, number>();
  for (const b of builds) count.set(b.builderName, (count.get(b.builderName) ?? 0) + 1);
  return new Map(builds.map((b) => [b, count.get(b.builderName) === 1 ? b.builderName : b.name]));
}

function scopeOf(t: Template, warnings: string[]): { scope: HclToGoScope; variables: Record<string, string | null>; sensitive: string[] } {
  const scope: HclToGoScope = { asUser: new Map(), inline: new Map(), failed: new Map() };
  const variables: Record<string, string | null> = {};
  const sensitive: string[] = [];
  for (const v of Object.values(t.variables)) {
    const d = v.default;
    if (d === undefined || d === null || typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') {
      scope.asUser.set(`var.${v.name}`, v.name);
      if (v.sensitive) sensitive.push(v.name);
      continue;
    }
    scope.inline.set(`var.${v.name}`, d);
    warnings.push(`variable "${v.name}" holds a ${Array.isArray(d) ? 'list' : 'map'}: Packer JSON variables are strings, so its default is written where it is used`);
  }
  // Defaults go through the same conversion (a default may read env()).
  for (const v of Object.values(t.variables)) {
    if (!scope.asUser.has(`var.${v.name}`)) continue;
    if (v.required) variables[v.name] = null;
    else if (v.default === undefined || v.default === null) {
      variables[v.name] = '';
      warnings.push(`variable "${v.name}" defaults to null: Packer JSON has no such value (null there means "required"), so its default is ""`);
    } else variables[v.name] = String(hclToGo(v.default, scope));
  }
  // Locals may read each other: convert in passes until nothing more resolves.
  let pending = Object.entries(t.locals ?? {});
  // Packer JSON has one namespace: a local named as a variable is written as "local_NAME".
  const jsonName = (name: string) => {
    let n = name;
    while (t.variables[n] || (n !== name && t.locals?.[n])) n = `local_${n}`;
    return n;
  };
  const reasons = new Map<string, string>();
  for (let progress = true; progress && pending.length; ) {
    progress = false;
    const next: typeof pending = [];
    for (const [name, l] of pending) {
      let value: unknown;
      try {
        value = hclToGo(l.value, scope);
      } catch (e) {
        reasons.set(`local.${name}`, (e as Error).message);
        next.push([name, l]);
        continue;
      }
      progress = true;
      if (typeof value === 'string') {
        scope.asUser.set(`local.${name}`, jsonName(name));
        variables[jsonName(name)] = value;
        if (l.sensitive) sensitive.push(jsonName(name));
      } else scope.inline.set(`local.${name}`, value);
    }
    pending = next;
  }
  for (const [name] of pending) scope.failed.set(`local.${name}`, reasons.get(`local.${name}`)!);
  return { scope, variables, sensitive };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function common(d: ProvisionerDef | PostProcessorDef): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (d.name) out.name = d.name;
  return out;
}

export function hclToLegacy(t: Template, warnings: string[]): LegacyDoc {
  // Packer JSON needs a builder; a variables-only file or build {} without sources has none.
  if (t.builds.length === 0) throw new ConvertError('the template has no builds (no build block with sources): Packer JSON templates need at least one builder');
  const { scope, variables, sensitive } = scopeOf(t, warnings);
  const conv = (v: unknown, where: string) => {
    try {
      return hclToGo(v, scope);
    } catch (e) {
      throw new ConvertError(`${where}: ${(e as Error).message}`);
    }
  };
  const names = jsonNames(t.builds);
  const bySource = new Map(t.builds.map((b) => [b.sourceName, names.get(b)!]));
  const mapNames = (list: string[] | undefined) => list?.map((s) => bySource.get(s) ?? s);
  const doc: LegacyDoc = {};
  if (t.description) doc.description = t.description;
  if (t.minVersion) doc.min_packer_version = t.minVersion.replace(/^\s*>=\s*/, '');
  if (Object.keys(variables).length) doc.variables = variables;
  if (sensitive.length) doc['sensitive-variables'] = sensitive;
  doc.builders = t.builds.map((b) => {
    const out: Record<string, unknown> = { type: b.builderType, name: names.get(b)! };
    if (b.communicator.type !== defaultCommunicator(b.builderType)) out.communicator = b.communicator.type;
    Object.assign(out, conv({ ...b.config, ...b.communicator.config }, `source "${b.builderType}" "${b.builderName}"`));
    return out;
  });

  // Which builds each provisioner / post-processor runs in, then grouped so that order is kept per build.
  const runsIn = (d: ProvisionerDef | PostProcessorDef, b: BuildDef) => (!d.only || d.only.includes(b.sourceName)) && !(d.except ?? []).includes(b.sourceName);
  const allSame = <T>(pick: (b: BuildDef) => T) => t.builds.every((b) => sameJson(pick(b), pick(t.builds[0])));
  const provisioner = (p: ProvisionerDef, only: string[] | undefined, except: string[] | undefined) => {
    const out: Record<string, unknown> = { type: p.type, ...common(p) };
    if (only?.length) out.only = only;
    if (except?.length) out.except = except;
    if (p.override) out.override = conv(p.override, `provisioner "${p.type}" override`);
    if (p.pauseBefore !== undefined) out.pause_before = `${p.pauseBefore / 1000}s`;
    if (p.maxRetries !== undefined) out.max_retries = p.maxRetries;
    if (p.timeout !== undefined) out.timeout = `${p.timeout / 1000}s`;
    return Object.assign(out, conv(p.config, `provisioner "${p.type}"`));
  };
  const postProcessor = (p: PostProcessorDef, only: string[] | undefined, except: string[] | undefined) => {
    const out: Record<string, unknown> = { type: p.type, ...common(p) };
    if (only?.length) out.only = only;
    if (except?.length) out.except = except;
    if (p.keepInputArtifact !== undefined) out.keep_input_artifact = p.keepInputArtifact;
    return Object.assign(out, conv(p.config, `post-processor "${p.type}"`));
  };
  const groups = (pick: (b: BuildDef) => unknown) => {
    const out: BuildDef[][] = [];
    for (const b of t.builds) {
      const g = out.find((x) => sameJson(pick(x[0]), pick(b)));
      if (g) g.push(b);
      else out.push([b]);
    }
    return out;
  };
  const provisioners: Record<string, unknown>[] = [];
  if (allSame((b) => b.provisioners)) {
    for (const p of t.builds[0]?.provisioners ?? []) provisioners.push(provisioner(p, mapNames(p.only), mapNames(p.except)));
  } else {
    for (const g of groups((b) => b.provisioners)) {
      for (const p of g[0].provisioners) {
        const only = g.filter((b) => runsIn(p, b)).map((b) => names.get(b)!);
        if (only.length) provisioners.push(provisioner(p, only, undefined));
      }
    }
  }
  if (provisioners.length) doc.provisioners = provisioners;
  const chains: unknown[] = [];
  const chainOut = (chain: PostProcessorDef[], only: (p: PostProcessorDef) => string[] | undefined, except: (p: PostProcessorDef) => string[] | undefined) => {
    const items = chain.map((p) => postProcessor(p, only(p), except(p)));
    chains.push(items.length === 1 ? items[0] : items);
  };
  if (allSame((b) => b.postProcessors)) {
    for (const chain of t.builds[0]?.postProcessors ?? []) chainOut(chain, (p) => mapNames(p.only), (p) => mapNames(p.except));
  } else {
    for (const g of groups((b) => b.postProcessors)) {
      for (const chain of g[0].postProcessors) chainOut(chain, (p) => g.filter((b) => runsIn(p, b)).map((b) => names.get(b)!), () => undefined);
    }
  }
  if (chains.length) doc['post-processors'] = chains;
  const ecp = t.builds.find((b) => b.errorCleanupProvisioner)?.errorCleanupProvisioner;
  if (ecp) doc['error-cleanup-provisioner'] = provisioner(ecp, undefined, undefined);
  return doc;
}
