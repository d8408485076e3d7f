// Packer's legacy JSON template shape (also our YAML format) into the one model.
// Values stay as written ({{ }} templates included); prepare.ts interpolates and validates.
import type { Problem } from '../errors.js';
import type { BuildDef, PostProcessorDef, ProvisionerDef, SourcePos, Template, VariableDef } from './model.js';
import { keyPos, copyPositions } from './positions.js';
import { decodeDuration } from '../util/duration.js';
import { splitCommunicator } from './split-communicator.js';

const ROOT_KEYS = new Set([
  'builders',
  'provisioners',
  'post-processors',
  'variables',
  'sensitive-variables',
  'description',
  'min_packer_version',
  'error-cleanup-provisioner',
]);
export const PROVISIONER_COMMON = ['type', 'name', 'only', 'except', 'override', 'pause_before', 'max_retries', 'timeout'];
// Packer 1.6.6 JSON has no provisioner `name`: it stays in the component's config, whose decoding refuses it
// ("unknown configuration key"), as Packer's does. HCL2 (build blocks) and pack's YAML take it.
const JSON_PROVISIONER_COMMON = PROVISIONER_COMMON.filter((k) => k !== 'name');
export const POST_PROCESSOR_COMMON = ['type', 'name', 'only', 'except', 'keep_input_artifact'];

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** "missing type", or what the type is when it is there but not a name ("type": 5). */
function typeMessage(kind: string, type: unknown, examples: string): string {
  if (type === undefined || type === '') return `missing "type": every ${kind} needs one (${examples})`;
  return `"type" must be the name of a ${kind} (${examples}) as a string, not ${describe(type)}${typeof type === 'number' || typeof type === 'boolean' ? ` (${String(type)})` : ''}`;
}

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

export function legacyToModel(raw: unknown, file: string, dir: string, format: 'json' | 'yaml'): { template: Template; problems: Problem[] } {
  const problems: Problem[] = [];
  const at = (obj: unknown, key: string | number): SourcePos | undefined => keyPos(obj, key) ?? { file };
  const template: Template = { path: file, dir, format, variables: {}, builds: [] };
  if (raw === null || raw === undefined) {
    problems.push({ message: 'the template is empty: it needs at least a "builders" list', pos: { file } });
    return { template, problems };
  }
  if (!isObj(raw)) {
    problems.push({ message: `the template must be an object with a "builders" list, not ${describe(raw)}`, pos: { file, line: 1, column: 1 } });
    return { template, problems };
  }
  for (const key of Object.keys(raw)) {
    if (key.startsWith('_') || (key === 'cache' && format === 'yaml')) continue;
    if (!ROOT_KEYS.has(key)) problems.push({ message: `unknown root level key "${key}"`, pos: at(raw, key), field: key });
  }
  if (raw.description !== undefined) {
    if (typeof raw.description === 'string') template.description = raw.description;
    else problems.push({ message: `must be a string, not ${describe(raw.description)}`, pos: at(raw, 'description'), field: 'description' });
  }
  // pack's own (YAML only): `cache: true` builds as with -cache.
  if (format === 'yaml' && raw.cache !== undefined) {
    if (typeof raw.cache === 'boolean') template.cache = raw.cache;
    else problems.push({ message: `must be true or false, not ${describe(raw.cache)}`, pos: at(raw, 'cache'), field: 'cache' });
  }
  if (raw.min_packer_version !== undefined) {
    if (typeof raw.min_packer_version === 'string') template.minVersion = raw.min_packer_version;
    else problems.push({ message: 'must be a string', pos: at(raw, 'min_packer_version'), field: 'min_packer_version' });
  }

  // Variables
  const sensitive = new Set<string>();
  const sv = raw['sensitive-variables'];
  if (sv !== undefined) {
    if (Array.isArray(sv) && sv.every((s) => typeof s === 'string')) sv.forEach((s) => sensitive.add(s as string));
    else problems.push({ message: 'must be a list of variable names', pos: at(raw, 'sensitive-variables'), field: 'sensitive-variables' });
  }
  if (raw.variables !== undefined) {
    if (!isObj(raw.variables)) {
      problems.push({ message: `must be an object of name: default value, not ${describe(raw.variables)}`, pos: at(raw, 'variables'), field: 'variables' });
    } else {
      for (const [name, value] of Object.entries(raw.variables)) {
        const pos = at(raw.variables, name);
        // YAML writes numbers and booleans bare (port: 22); Packer's JSON wants strings, YAML need not.
        const scalar = format === 'yaml' && (typeof value === 'number' || typeof value === 'boolean');
        if (value !== null && typeof value !== 'string' && !scalar) {
          problems.push({ message: `the default value must be a string (or null for a required variable), not ${describe(value)}`, pos, field: `variables.${name}` });
        }
        const def: VariableDef = { name, required: value === null, sensitive: sensitive.has(name), pos };
        if (value !== null) def.default = typeof value === 'string' ? value : String(value);
        template.variables[name] = def;
      }
    }
  }
  for (const s of sensitive) {
    if (!(s in template.variables)) problems.push({ message: `"${s}" is not declared in "variables"`, pos: at(raw, 'sensitive-variables'), field: 'sensitive-variables' });
  }

  // Builders
  const builders = raw.builders;
  if (builders === undefined || (Array.isArray(builders) && builders.length === 0)) {
    problems.push({ message: 'at least one builder must be defined in "builders"', pos: builders === undefined ? { file } : at(raw, 'builders'), field: 'builders' });
  } else if (!Array.isArray(builders)) {
    problems.push({ message: `must be a list of builders, not ${describe(builders)}`, pos: at(raw, 'builders'), field: 'builders' });
  } else {
    const seen = new Map<string, number>();
    builders.forEach((b, i) => {
      const field = `builders[${i}]`;
      const pos = at(builders, i);
      if (!isObj(b)) {
        problems.push({ message: `a builder must be an object with a "type", not ${describe(b)}`, pos, field });
        return;
      }
      if (typeof b.type !== 'string' || b.type === '') {
        problems.push({ message: typeMessage('builder', b.type, 'null, file, docker, qemu...'), pos, field });
        return;
      }
      if (b.name !== undefined && typeof b.name !== 'string') {
        problems.push({ message: 'must be a string', pos: at(b, 'name'), field: `${field}.name` });
      }
      const name = typeof b.name === 'string' ? b.name : b.type;
      if (seen.has(name)) {
        problems.push({ message: `builder names must be unique: "${name}" is used by builders[${seen.get(name)}] too; give one a "name"`, pos, field });
        return;
      }
      seen.set(name, i);
      const rest: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(b)) if (k !== 'type' && k !== 'name') rest[k] = v;
      copyPositions(b, rest);
      const { config, communicator } = splitCommunicator(b.type, rest);
      const build: BuildDef = { name, builderName: name, sourceName: name, builderType: b.type, config, communicator, provisioners: [], postProcessors: [], pos };
      template.builds.push(build);
    });
  }

  // Provisioners and post-processors are shared by every build; prepare.ts picks per build.
  const provisioners: ProvisionerDef[] = [];
  if (raw.provisioners !== undefined) {
    if (!Array.isArray(raw.provisioners)) {
      problems.push({ message: `must be a list of provisioners, not ${describe(raw.provisioners)}`, pos: at(raw, 'provisioners'), field: 'provisioners' });
    } else {
      raw.provisioners.forEach((p, i) => {
        const d = legacyProvisioner(p, `provisioners[${i}]`, at(raw.provisioners, i), problems, format === 'yaml');
        if (d) provisioners.push(d);
      });
    }
  }
  let cleanup: ProvisionerDef | undefined;
  if (raw['error-cleanup-provisioner'] !== undefined) {
    cleanup = legacyProvisioner(raw['error-cleanup-provisioner'], 'error-cleanup-provisioner', at(raw, 'error-cleanup-provisioner'), problems, format === 'yaml');
  }
  const chains: PostProcessorDef[][] = [];
  const pps = raw['post-processors'];
  if (pps !== undefined) {
    if (!Array.isArray(pps)) {
      problems.push({ message: `must be a list of post-processors, not ${describe(pps)}`, pos: at(raw, 'post-processors'), field: 'post-processors' });
    } else {
      pps.forEach((entry, i) => {
        const field = `post-processors[${i}]`;
        const list = Array.isArray(entry) ? entry : [entry];
        const chain: PostProcessorDef[] = [];
        list.forEach((pp, j) => {
          const f = Array.isArray(entry) ? `${field}[${j}]` : field;
          const d = legacyPostProcessor(pp, f, Array.isArray(entry) ? at(entry, j) : at(pps, i), problems);
          if (d) chain.push(d);
        });
        if (chain.length) chains.push(chain);
      });
    }
  }
  for (const b of template.builds) {
    b.provisioners = provisioners;
    b.postProcessors = chains;
    if (cleanup) b.errorCleanupProvisioner = cleanup;
  }
  return { template, problems };
}

function nameList(v: unknown, field: string, pos: SourcePos | undefined, problems: Problem[]): string[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
  problems.push({ message: 'must be a list of build names', pos, field });
  return undefined;
}

/** What provisioners and post-processors share: the component's own config (the common keys taken out) and only/except. */
function commonParts(o: Record<string, unknown>, common: readonly string[], field: string, pos: SourcePos | undefined, problems: Problem[]) {
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!common.includes(k)) config[k] = v;
  copyPositions(o, config);
  return {
    config,
    only: nameList(o.only, `${field}.only`, keyPos(o, 'only') ?? pos, problems),
    except: nameList(o.except, `${field}.except`, keyPos(o, 'except') ?? pos, problems),
  };
}

/** `takesName`: whether `name` is the step's name (HCL2, YAML) or, as in Packer JSON, a key of the component's own. */
export function legacyProvisioner(p: unknown, field: string, pos: SourcePos | undefined, problems: Problem[], takesName = true): ProvisionerDef | undefined {
  if (!isObj(p)) {
    problems.push({ message: `a provisioner must be an object with a "type", not ${describe(p)}`, pos, field });
    return undefined;
  }
  if (typeof p.type !== 'string' || p.type === '') {
    problems.push({ message: typeMessage('provisioner', p.type, 'shell, file, shell-local...'), pos, field });
    return undefined;
  }
  const d: ProvisionerDef = { type: p.type, pos, ...commonParts(p, takesName ? PROVISIONER_COMMON : JSON_PROVISIONER_COMMON, field, pos, problems) };
  if (takesName && p.name !== undefined) {
    if (typeof p.name === 'string') d.name = p.name;
    else problems.push({ message: 'must be a string', pos: keyPos(p, 'name') ?? pos, field: `${field}.name` });
  }
  if (p.override !== undefined) {
    if (isObj(p.override) && Object.values(p.override).every(isObj)) d.override = p.override as Record<string, Record<string, unknown>>;
    else problems.push({ message: 'must be an object of build name: { fields }', pos: keyPos(p, 'override') ?? pos, field: `${field}.override` });
  }
  for (const [key, prop] of [['pause_before', 'pauseBefore'], ['timeout', 'timeout']] as const) {
    if (p[key] === undefined) continue;
    const ms = decodeDuration(p[key]);
    if (ms === undefined) {
      problems.push({ message: `must be a duration such as "30s", "5m" or "1h30m", not ${JSON.stringify(p[key])}`, pos: keyPos(p, key) ?? pos, field: `${field}.${key}` });
    } else d[prop] = ms;
  }
  if (typeof p.max_retries === 'string' && p.max_retries.includes('{{')) {
    d.maxRetriesTemplate = p.max_retries;
  } else if (p.max_retries !== undefined) {
    const n = retryCount(p.max_retries);
    if (n !== undefined) d.maxRetries = n;
    else problems.push({ message: `must be a whole number, not ${JSON.stringify(p.max_retries)}`, pos: keyPos(p, 'max_retries') ?? pos, field: `${field}.max_retries` });
  }
  return d;
}

/** max_retries as Packer reads it: a whole number, or a string of digits (strconv.Atoi); otherwise undefined. */
export function retryCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function legacyPostProcessor(pp: unknown, field: string, pos: SourcePos | undefined, problems: Problem[]): PostProcessorDef | undefined {
  if (typeof pp === 'string') return { type: pp, config: {}, pos };
  if (!isObj(pp)) {
    problems.push({ message: `a post-processor must be a type name or an object with a "type", not ${describe(pp)}`, pos, field });
    return undefined;
  }
  if (typeof pp.type !== 'string' || pp.type === '') {
    problems.push({ message: typeMessage('post-processor', pp.type, 'manifest, checksum, compress...'), pos, field });
    return undefined;
  }
  const d: PostProcessorDef = { type: pp.type, pos, ...commonParts(pp, POST_PROCESSOR_COMMON, field, pos, problems) };
  if (typeof pp.name === 'string') d.name = pp.name;
  if (pp.keep_input_artifact !== undefined) {
    if (typeof pp.keep_input_artifact === 'boolean') d.keepInputArtifact = pp.keep_input_artifact;
    else problems.push({ message: 'must be true or false', pos: keyPos(pp, 'keep_input_artifact') ?? pos, field: `${field}.keep_input_artifact` });
  }
  return d;
}
