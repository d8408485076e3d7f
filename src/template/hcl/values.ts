// Evaluates the values hcl2json gives (strings are templates with ${...}) inside objects and lists.
import type { Problem } from '../../errors.js';
import type { SourcePos } from '../model.js';
import { keyPos, copyPositions } from '../positions.js';
import { parseTemplate, HclExprError } from './expr.js';
import { evaluate, Unresolved, type Scope, type Functions } from './eval.js';

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
      problems.push({ message: describeError(e, value), pos: where.pos, field: where.field });
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
    for (const [k, v] of Object.entries(value)) out[k] = evaluateDeep(v, scope, { field: `${where.field}.${k}`, pos: keyPos(value, k) ?? where.pos }, problems, fns);
    copyPositions(value, out);
    return out;
  }
  return value;
}
