// Locals and data sources, evaluated together: a local may read a data source and a data source a
// local (as in Packer). Each round evaluates what it can; a name not yet known waits for the next.
import type { Problem } from '../../errors.js';
import type { Template } from '../model.js';
import { suggest } from '../../components/registry.js';
import { evaluateDeep } from './values.js';
import { PendingObject, Unresolved, FAILED, type Functions, type Scope } from './eval.js';
import { hclDataBlocks, hclRequiredPlugins, type DataBlock, type RequiredPlugin } from './load.js';
import { runDataSource } from './data-sources.js';
import { packerPlugin, packHas, notSupportedMessage, packComponentNames, packerComponentNames } from '../packer-catalog.js';

export interface LocalsAndData {
  locals: Record<string, unknown>;
  data: Record<string, Record<string, unknown>>;
}

/** Reports data blocks pack cannot run; returns the types left out. */
function checkDataTypes(blocks: DataBlock[], problems: Problem[], plugins: RequiredPlugin[]): Set<string> {
  const left = new Set<string>();
  for (const d of blocks) {
    if (packHas('data-source', d.type)) continue;
    left.add(d.type);
    const field = `data.${d.type}.${d.name}`;
    const plugin = plugins.find((p) => d.type === p.name || d.type.startsWith(`${p.name}-`));
    if (packerPlugin('data-source', d.type)) problems.push({ message: notSupportedMessage('data-source', d.type), pos: d.pos, field });
    else if (plugin) {
      const message = `data source type "${d.type}" comes from the plugin ${plugin.source} (required_plugins "${plugin.name}"), which pack does not have: run it through Packer (pack build does, with the default -engine=auto, when Packer is installed)`;
      problems.push({ message, pos: d.pos, field });
    }
    else {
      const near = suggest(d.type, [...packComponentNames('data-source'), ...packerComponentNames('data-source')]);
      problems.push({ message: `unknown data source type "${d.type}"${near ? `; did you mean "${near}"?` : ` (pack has: ${packComponentNames('data-source').join(', ')})`}`, pos: d.pos, field });
    }
  }
  return left;
}

export async function resolveLocalsAndData(t: Template, base: Scope, problems: Problem[], fns: Functions): Promise<LocalsAndData> {
  const local = new PendingObject();
  const data = new PendingObject();
  const blocks = hclDataBlocks(t);
  const leftOut = checkDataTypes(blocks, problems, hclRequiredPlugins(t));
  for (const d of blocks) if (!leftOut.has(d.type)) data[d.type] ??= new PendingObject();
  let locals = Object.entries(t.locals ?? {});
  let sources = blocks.filter((d) => !leftOut.has(d.type));
  const scope: Scope = { ...base, local, data };
  while (locals.length || sources.length) {
    const waits = new Map<string, string>();
    const nextLocals: typeof locals = [];
    for (const [name, def] of locals) {
      try {
        local[name] = evaluateDeep(def.value, scope, { field: `local.${name}`, pos: def.pos }, problems, fns);
      } catch (e) {
        if (!(e instanceof Unresolved)) throw e;
        nextLocals.push([name, def]);
        waits.set(`local.${name}`, e.message);
      }
    }
    const nextSources: DataBlock[] = [];
    for (const d of sources) {
      const field = `data.${d.type}.${d.name}`;
      let config: Record<string, unknown>;
      try {
        config = evaluateDeep(d.body, scope, { field, pos: d.pos }, problems, fns) as Record<string, unknown>;
      } catch (e) {
        if (!(e instanceof Unresolved)) throw e;
        nextSources.push(d);
        waits.set(field, e.message);
        continue;
      }
      const r = await runDataSource(d.type, config);
      if (r.ok) (data[d.type] as PendingObject)[d.name] = r.value;
      else {
        problems.push({ message: `data source ${field}: ${r.message}`, pos: d.pos, field });
        leftOut.add(`${d.type}.${d.name}`);
      }
    }
    if (nextLocals.length === locals.length && nextSources.length === sources.length) {
      // Waiting on a data source already reported, or on a local that does: one problem is enough, and the
      // value reads as FAILED so that what uses it is not reported again.
      const failed = new Set<string>();
      const onLeftOut = (ref: string) => [...leftOut].some((x) => ref === `data.${x}` || ref.startsWith(`data.${x}.`));
      for (let grew = true; grew; ) {
        grew = false;
        for (const [what, ref] of waits) {
          if (failed.has(what) || !(onLeftOut(ref) || failed.has(ref) || [...failed].some((f) => ref.startsWith(`${f}.`)))) continue;
          failed.add(what);
          grew = true;
        }
      }
      for (const what of failed) if (what.startsWith('local.')) local[what.slice(6)] = FAILED;
      for (const [what, ref] of waits) {
        if (failed.has(what)) continue;
        const pos = what.startsWith('local.') ? t.locals?.[what.slice(6)]?.pos : blocks.find((d) => `data.${d.type}.${d.name}` === what)?.pos;
        const known = ref.startsWith('local.') ? ref.slice(6) in (t.locals ?? {}) : blocks.some((d) => ref === `data.${d.type}.${d.name}`);
        problems.push({ message: known ? `${what} and ${ref} refer to each other in a loop` : `${what} refers to ${ref}, which is not declared`, pos, field: what });
      }
      break;
    }
    locals = nextLocals;
    sources = nextSources;
  }
  const dataOut: Record<string, Record<string, unknown>> = {};
  for (const [type, byName] of Object.entries(data)) dataOut[type] = { ...(byName as Record<string, unknown>) };
  // Data sources reported above read as FAILED: a use of one is not a second problem.
  for (const x of leftOut) {
    const [type, name] = x.split('.');
    if (name === undefined) dataOut[type] = FAILED as unknown as Record<string, unknown>;
    else if (dataOut[type]) dataOut[type][name] = FAILED;
  }
  return { locals: { ...local }, data: dataOut };
}
