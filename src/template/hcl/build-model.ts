// HCL2 blocks (source, build, provisioner, post-processor(s)) into the model's builds.
// `evaluate` is the identity when only loading, and the expression evaluator when preparing.
import type { Problem } from '../../errors.js';
import type { BuildDef, PostProcessorDef, ProvisionerDef, SourcePos } from '../model.js';
import { setKeyPos, copyPositions } from '../positions.js';
import { splitCommunicator } from '../split-communicator.js';
import { legacyProvisioner, legacyPostProcessor } from '../legacy.js';
import type { HclDoc } from './parse.js';
import type { ScannedBlock } from './scan.js';
import { suggest } from '../../components/registry.js';

/** `extra` adds names to the scope (a dynamic block's iterator). */
export type Evaluate = (value: unknown, source: { type: string; name: string } | undefined, field: string, pos?: SourcePos, extra?: Record<string, unknown>) => unknown;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
export const bodies = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v : [v]).filter(isObj);

/** Gives a body the positions of its scanned block (its own and its attributes'). */
export function placeBody(body: Record<string, unknown>, file: string, scan: ScannedBlock | undefined): SourcePos {
  if (!scan) return { file };
  for (const [k, p] of scan.attrs) setKeyPos(body, k, { file, ...p });
  return { file, line: scan.line, column: scan.column };
}

interface SourceDef {
  type: string;
  name: string;
  body: Record<string, unknown>;
  pos: SourcePos;
}

export function collectSources(docs: HclDoc[], problems: Problem[]): Map<string, SourceDef> {
  const sources = new Map<string, SourceDef>();
  for (const doc of docs) {
    const scans = doc.blocks.filter((b) => b.type === 'source');
    const src = doc.body.source;
    if (src === undefined) continue;
    if (!isObj(src)) {
      problems.push({ message: 'source blocks need two labels: source "TYPE" "NAME" { ... }', pos: { file: doc.file } });
      continue;
    }
    for (const [type, byName] of Object.entries(src)) {
      if (!isObj(byName)) {
        problems.push({ message: `source "${type}" needs a name: source "${type}" "NAME" { ... }`, pos: { file: doc.file } });
        continue;
      }
      for (const [name, bs] of Object.entries(byName)) {
        const scan = scans.find((s) => s.labels[0] === type && s.labels[1] === name);
        const all = bodies(bs);
        const body = { ...all[0] };
        const pos = placeBody(body, doc.file, scan);
        const key = `${type}.${name}`;
        if (all.length > 1) {
          const second = scans.filter((s) => s.labels[0] === type && s.labels[1] === name)[1];
          problems.push({ message: `duplicate source block "${key}": each source "TYPE" "NAME" must be unique`, pos: second ? { file: doc.file, line: second.line, column: second.column } : pos });
        }
        if (sources.has(key)) problems.push({ message: `duplicate source "${key}"; it is also defined at ${sources.get(key)!.pos.file}`, pos });
        else sources.set(key, { type, name, body, pos });
      }
    }
  }
  return sources;
}

interface Child {
  kind: 'provisioner' | 'post-processor' | 'post-processors' | 'error-cleanup-provisioner';
  type?: string;
  body: Record<string, unknown>;
  pos: SourcePos;
  scan?: ScannedBlock;
  /** The iterator of the dynamic block this child came from. */
  scope?: Record<string, unknown>;
}

/** `dynamic "provisioner" { for_each, labels, iterator, content {} }` of a build: one child per element. */
function dynamicChildren(spec: Record<string, unknown>, kind: 'provisioner' | 'post-processor', evaluate: Evaluate, pos: SourcePos): Child[] {
  const coll = evaluate(spec.for_each, undefined, `dynamic "${kind}".for_each`, pos);
  if (coll === null || typeof coll !== 'object') return []; // unevaluated (loading) or reported by evaluate
  const iterator = typeof spec.iterator === 'string' ? spec.iterator.replace(/^\$\{(.*)\}$/, '$1').trim() : kind;
  const entries = Array.isArray(coll) ? coll.map((v, i) => [i, v] as const) : Object.keys(coll).sort().map((k) => [k, (coll as Record<string, unknown>)[k]] as const);
  const content = bodies(spec.content)[0] ?? {};
  return entries.map(([key, value]) => {
    const scope = { [iterator]: { key, value } };
    const labels = evaluate(spec.labels ?? [], undefined, `dynamic "${kind}".labels`, pos, scope);
    const type = Array.isArray(labels) && typeof labels[0] === 'string' ? labels[0] : '';
    return { kind, type, body: { ...content }, pos, scope };
  });
}

/** The build's children in the order they were written (hcl2json groups them by type). */
function orderedChildren(build: Record<string, unknown>, scan: ScannedBlock | undefined, file: string, evaluate: Evaluate): Child[] {
  const queues = new Map<string, Record<string, unknown>[]>();
  const out: Child[] = [];
  const typed = (kind: 'provisioner' | 'post-processor' | 'error-cleanup-provisioner') => {
    const v = build[kind];
    if (v === undefined) return;
    const list = Array.isArray(v) ? v : [v];
    for (const entry of list) {
      if (!isObj(entry)) continue;
      for (const [type, bs] of Object.entries(entry)) for (const b of bodies(bs)) {
        const q = queues.get(`${kind}:${type}`) ?? [];
        q.push(b);
        queues.set(`${kind}:${type}`, q);
      }
    }
  };
  typed('provisioner');
  typed('post-processor');
  typed('error-cleanup-provisioner');
  const chains = bodies(build['post-processors']);
  let chainIndex = 0;
  const dynamics = new Map<string, Record<string, unknown>[]>();
  const dyn = build.dynamic;
  if (isObj(dyn)) for (const [kind, specs] of Object.entries(dyn)) dynamics.set(kind, bodies(specs));
  if (scan) {
    for (const c of scan.children) {
      if (c.type === 'dynamic' && (c.labels[0] === 'provisioner' || c.labels[0] === 'post-processor')) {
        const spec = dynamics.get(c.labels[0])?.shift();
        if (spec) out.push(...dynamicChildren(spec, c.labels[0], evaluate, { file, line: c.line, column: c.column }));
        continue;
      }
      if (c.type === 'provisioner' || c.type === 'post-processor' || c.type === 'error-cleanup-provisioner') {
        const body = queues.get(`${c.type}:${c.labels[0]}`)?.shift();
        if (body) {
          const b = { ...body };
          out.push({ kind: c.type, type: c.labels[0], body: b, pos: placeBody(b, file, c), scan: c });
        }
      } else if (c.type === 'post-processors' && chainIndex < chains.length) {
        const b = chains[chainIndex++];
        out.push({ kind: 'post-processors', body: b, pos: { file, line: c.line, column: c.column }, scan: c });
      }
    }
  }
  for (const [key, q] of queues) {
    const [kind, type] = key.split(/:(.*)/s) as [Child['kind'], string];
    for (const body of q) out.push({ kind, type, body: { ...body }, pos: { file } });
  }
  while (chainIndex < chains.length) out.push({ kind: 'post-processors', body: chains[chainIndex++], pos: { file } });
  for (const [kind, specs] of dynamics) {
    if (kind === 'provisioner' || kind === 'post-processor') for (const spec of specs) out.push(...dynamicChildren(spec, kind, evaluate, { file }));
  }
  return out;
}

function chainOf(child: Child, file: string): { type: string; body: Record<string, unknown>; pos: SourcePos }[] {
  const scans = child.scan?.children.filter((c) => c.type === 'post-processor') ?? [];
  const queues = new Map<string, Record<string, unknown>[]>();
  const v = child.body['post-processor'];
  for (const entry of Array.isArray(v) ? v : [v]) {
    if (!isObj(entry)) continue;
    for (const [type, bs] of Object.entries(entry)) queues.set(type, [...(queues.get(type) ?? []), ...bodies(bs)]);
  }
  const out: { type: string; body: Record<string, unknown>; pos: SourcePos }[] = [];
  for (const s of scans) {
    const body = queues.get(s.labels[0])?.shift();
    if (body) {
      const b = { ...body };
      out.push({ type: s.labels[0], body: b, pos: placeBody(b, file, s) });
    }
  }
  for (const [type, q] of queues) for (const body of q) out.push({ type, body: { ...body }, pos: child.pos });
  return out;
}

function typed(body: Record<string, unknown>, type: string): Record<string, unknown> {
  const out = { ...body, type };
  copyPositions(body, out);
  return out;
}

const sourceRef = (s: string) => s.replace(/^sources?\./, '');

export function hclBuilds(docs: HclDoc[], evaluate: Evaluate, problems: Problem[]): BuildDef[] {
  const sources = collectSources(docs, problems);
  const builds: BuildDef[] = [];
  const names = new Map<string, SourcePos>();
  for (const doc of docs) {
    const scans = doc.blocks.filter((b) => b.type === 'build');
    bodies(doc.body.build).forEach((build, bi) => {
      const scan = scans[bi];
      const bpos: SourcePos = scan ? { file: doc.file, line: scan.line, column: scan.column } : { file: doc.file };
      const buildName = typeof build.name === 'string' ? build.name : undefined;
      for (const k of Object.keys(build)) {
        if (!['name', 'description', 'sources', 'source', 'provisioner', 'post-processor', 'post-processors', 'error-cleanup-provisioner', 'dynamic', 'hcp_packer_registry'].includes(k)) {
          problems.push({ message: `unsupported argument or block "${k}" in a build block`, pos: bpos, field: 'build' });
        }
      }
      // Which sources this build uses: `sources = [...]` and `source "source.T.N" { ... }` blocks.
      const uses: { ref: string; override: Record<string, unknown>; pos: SourcePos }[] = [];
      const list = build.sources;
      if (list !== undefined && !(Array.isArray(list) && list.every((s) => typeof s === 'string'))) {
        problems.push({ message: 'sources must be a list of source names such as "source.null.example"', pos: bpos, field: 'build.sources' });
      } else for (const s of (list as string[] | undefined) ?? []) uses.push({ ref: sourceRef(s), override: {}, pos: bpos });
      const srcBlocks = build.source;
      if (isObj(srcBlocks)) {
        const srcScans = scan?.children.filter((c) => c.type === 'source') ?? [];
        for (const [label, bs] of Object.entries(srcBlocks)) {
          for (const b of bodies(bs)) {
            const sc = srcScans.find((s) => s.labels[0] === label);
            const body = { ...b };
            uses.push({ ref: sourceRef(label), override: body, pos: placeBody(body, doc.file, sc) });
          }
        }
      }
      const children = orderedChildren(build, scan, doc.file, evaluate);
      for (const use of uses) {
        const src = sources.get(use.ref);
        if (!src) {
          const near = suggest(use.ref, sources.keys());
          problems.push({ message: `unknown source "source.${use.ref}"${near ? `; did you mean "source.${near}"?` : ` (declared: ${[...sources.keys()].map((s) => 'source.' + s).join(', ') || 'none'})`}`, pos: use.pos, field: 'build.sources' });
          continue;
        }
        const ownName = typeof use.override.name === 'string' ? use.override.name : src.name;
        const source = { type: src.type, name: ownName };
        const merged: Record<string, unknown> = { ...src.body };
        copyPositions(src.body, merged);
        for (const [k, v] of Object.entries(use.override)) if (k !== 'name') merged[k] = v;
        copyPositions(use.override, merged);
        const field = `source.${src.type}.${src.name}`;
        const evaluated = evaluate(merged, source, field, src.pos) as Record<string, unknown>;
        copyPositions(merged, evaluated);
        const { config, communicator } = splitCommunicator(src.type, evaluated);
        const sourceName = `${src.type}.${ownName}`;
        const name = buildName ? `${buildName}.${sourceName}` : sourceName;
        if (names.has(name)) {
          problems.push({ message: `two builds are both named "${name}"; give one a different name`, pos: use.pos, field: 'build' });
          continue;
        }
        names.set(name, use.pos);
        const b: BuildDef = { name, builderName: ownName, sourceName, builderType: src.type, config, communicator, provisioners: [], postProcessors: [], pos: src.pos };
        children.forEach((child, ci) => {
          const f = child.kind === 'post-processors' ? `build.post-processors[${ci}]` : `build.${child.kind} "${child.type}"`;
          if (child.kind === 'post-processors') {
            const chain: PostProcessorDef[] = [];
            for (const pp of chainOf(child, doc.file)) {
              const body = evaluate(pp.body, source, f, pp.pos) as Record<string, unknown>;
              copyPositions(pp.body, body);
              const d = legacyPostProcessor(typed(body, pp.type), f, pp.pos, problems);
              if (d) chain.push(d);
            }
            if (chain.length) b.postProcessors.push(chain);
            return;
          }
          const body = evaluate(child.body, source, f, child.pos, child.scope) as Record<string, unknown>;
          copyPositions(child.body, body);
          if (child.kind === 'post-processor') {
            const d = legacyPostProcessor(typed(body, child.type!), f, child.pos, problems);
            if (d) b.postProcessors.push([d]);
          } else {
            const d: ProvisionerDef | undefined = legacyProvisioner(typed(body, child.type!), f, child.pos, problems);
            if (!d) return;
            if (child.kind === 'error-cleanup-provisioner') b.errorCleanupProvisioner = d;
            else b.provisioners.push(d);
          }
        });
        builds.push(b);
      }
    });
  }
  return builds;
}
