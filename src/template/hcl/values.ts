// Evaluates the values hcl2json gives (strings are templates with ${...}) inside objects and lists.
import type { Problem } from '../../errors.js';
import type { SourcePos } from '../model.js';
import { keyPos, copyPositions } from '../positions.js';
import { parseTemplate, HclExprError } from './expr.js';
import { evaluate, Unresolved, AlreadyReported, type Scope, type Functions } from './eval.js';

export interface Where {
  field: string;
  pos?: SourcePos;
}

export function evaluateString(text: string, scope: Scope, fns?: Functions): unknown {
  if (!text.includes('${') && !text.includes('%{')) return text;
  return evaluate(parseTemplate(text), scope, fns);
}

export function describeError(e: unknown, text: string): string {
  if (e instanceof HclExprError) return `in ${JSON.stringify(text.length > 60 ? text.slice(0, 60) + '…' : text)}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** Evaluates every string; problems are collected, Unresolved is rethrown (locals wait for each other). */
export function evaluateDeep(value: unknown, scope: Scope, where: Where, problems: Problem[], fns?: Functions): unknown {
  if (typeof value === 'string') {
    try {
      return evaluateString(value, scope, fns);
    } catch (e) {
      if (e instanceof Unresolved) throw e;
      if (!(e instanceof AlreadyReported)) problems.push({ message: describeError(e, value), pos: where.pos, field: where.field });
      return value;
    }
  }
  if (Array.isArray(value)) {
    const out = value.map((v, i) => evaluateDeep(v, scope, { field: `${where.field}[${i}]`, pos: keyPos(value, i) ?? where.pos }, problems, fns));
    copyPositions(value, out);
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'dynamic' && isDynamicBlocks(v)) continue;
      out[k] = evaluateDeep(v, scope, { field: `${where.field}.${k}`, pos: keyPos(value, k) ?? where.pos }, problems, fns);
    }
    const dyn = (value as Record<string, unknown>).dynamic;
    if (isDynamicBlocks(dyn)) expandDynamic(dyn, out, scope, where, problems, fns);
    copyPositions(value, out);
    return out;
  }
  return value;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const blockList = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v : [v]).filter(isObj);

/** hcl2json's shape of `dynamic "T" { for_each = ..., content { ... } }` blocks. */
function isDynamicBlocks(v: unknown): v is Record<string, unknown> {
  return isObj(v) && Object.values(v).every((specs) => blockList(specs).length > 0 && blockList(specs).every((s) => 'for_each' in s || 'content' in s));
}

/** Expands dynamic blocks into the body: one block of type T per element, its iterator in scope. */
function expandDynamic(dyn: Record<string, unknown>, out: Record<string, unknown>, scope: Scope, where: Where, problems: Problem[], fns?: Functions): void {
  for (const [type, specs] of Object.entries(dyn)) {
    for (const spec of blockList(specs)) {
      const field = `${where.field}.dynamic "${type}"`;
      const coll = evaluateDeep(spec.for_each, scope, { field: `${field}.for_each`, pos: where.pos }, problems, fns);
      if (coll === null || typeof coll !== 'object') {
        problems.push({ message: `for_each of a dynamic "${type}" block must be a list or a map`, pos: where.pos, field });
        continue;
      }
      const iterator = typeof spec.iterator === 'string' ? spec.iterator.replace(/^\$\{(.*)\}$/, '$1').trim() : type;
      const entries = Array.isArray(coll) ? coll.map((v, i) => [i, v] as const) : Object.keys(coll).sort().map((k) => [k, (coll as Record<string, unknown>)[k]] as const);
      const content = blockList(spec.content)[0] ?? {};
      const made = entries.map(([key, v]) => evaluateDeep(content, { ...scope, [iterator]: { key, value: v } }, { field, pos: where.pos }, problems, fns));
      out[type] = [...blockList(out[type]), ...made];
    }
  }
}
