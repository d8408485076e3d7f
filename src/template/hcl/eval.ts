// Evaluates parsed HCL expressions against a scope (var, local, source, path, ...).
import { suggest } from '../../components/registry.js';
import type { Expr } from './expr.js';
import { HCL_FUNCTIONS } from './functions.js';

export type Scope = Record<string, unknown>;

/** A reference to something not (yet) known: a local still being computed. */
export class Unresolved extends Error {}

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'tuple' : typeof v === 'object' ? 'object' : typeof v);

function toStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) throw new Error('cannot include a null value in a string template');
  throw new Error(`cannot include a ${typeName(v)} in a string template: a string is required`);
}
function toNum(v: unknown, op: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new Error(`the operator "${op}" needs numbers, not ${typeName(v)} ${JSON.stringify(v)}`);
  return n;
}
function toBool(v: unknown, op: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new Error(`"${op}" needs a bool, not ${typeName(v)} ${JSON.stringify(v)}`);
}

function refName(e: Expr): string {
  if (e.t === 'ref') return e.name;
  if (e.t === 'attr') return `${refName(e.obj)}.${e.name}`;
  return '…';
}

export function evaluate(e: Expr, scope: Scope): unknown {
  switch (e.t) {
    case 'lit':
      return e.v;
    case 'tmpl':
      return e.parts.map((p) => (typeof p === 'string' ? p : toStr(evaluate(p, scope)))).join('');
    case 'ref': {
      if (!(e.name in scope)) {
        const near = suggest(e.name, Object.keys(scope));
        throw new Error(`unknown name "${e.name}"${near ? `; did you mean "${near}"?` : ' (use var.NAME, local.NAME or source.name)'}`);
      }
      return scope[e.name];
    }
    case 'attr': {
      const o = evaluate(e.obj, scope);
      if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Error(`cannot read ".${e.name}" of ${typeName(o)} ${refName(e.obj)}`);
      if (!(e.name in o)) {
        const base = refName(e.obj);
        if (o instanceof PendingObject) throw new Unresolved(`${base}.${e.name}`);
        const near = suggest(e.name, Object.keys(o));
        const what = base === 'var' ? 'variable' : base === 'local' ? 'local' : 'attribute';
        throw new Error(`undeclared ${what} "${base}.${e.name}"${near ? `; did you mean "${base}.${near}"?` : ''}`);
      }
      return (o as Record<string, unknown>)[e.name];
    }
    case 'index': {
      const o = evaluate(e.obj, scope);
      const k = evaluate(e.key, scope);
      if (Array.isArray(o)) {
        const i = toNum(k, '[]');
        if (!Number.isInteger(i) || i < 0 || i >= o.length) throw new Error(`index ${i} is out of range (the list has ${o.length} elements)`);
        return o[i];
      }
      if (o && typeof o === 'object') {
        const key = toStr(k);
        if (!(key in o)) throw new Error(`the map has no key "${key}"`);
        return (o as Record<string, unknown>)[key];
      }
      throw new Error(`cannot index ${typeName(o)}`);
    }
    case 'splat': {
      const o = evaluate(e.obj, scope);
      const items = Array.isArray(o) ? o : o === null ? [] : [o];
      return items.map((it) => e.attrs.reduce<unknown>((acc, a) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[a] : undefined), it));
    }
    case 'call': {
      const fn = HCL_FUNCTIONS[e.name];
      if (!fn) {
        const near = suggest(e.name, Object.keys(HCL_FUNCTIONS));
        throw new Error(`call to unknown function "${e.name}"${near ? `; did you mean "${near}"?` : ''}`);
      }
      let args = e.args.map((a) => evaluate(a, scope));
      if (e.expand) {
        const last = args.pop();
        if (!Array.isArray(last)) throw new Error(`"..." needs a list as the last argument of ${e.name}()`);
        args = [...args, ...last];
      }
      return fn(...args);
    }
    case 'tuple':
      return e.items.map((x) => evaluate(x, scope));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of e.items) out[toStr(k.t === 'ref' ? k.name : evaluate(k, scope))] = evaluate(v, scope);
      return out;
    }
    case 'unary': {
      const v = evaluate(e.e, scope);
      return e.op === '-' ? -toNum(v, '-') : !toBool(v, '!');
    }
    case 'bin': {
      if (e.op === '&&') return toBool(evaluate(e.l, scope), '&&') && toBool(evaluate(e.r, scope), '&&');
      if (e.op === '||') return toBool(evaluate(e.l, scope), '||') || toBool(evaluate(e.r, scope), '||');
      const l = evaluate(e.l, scope);
      const r = evaluate(e.r, scope);
      switch (e.op) {
        case '==':
          return JSON.stringify(l) === JSON.stringify(r);
        case '!=':
          return JSON.stringify(l) !== JSON.stringify(r);
        case '<':
          return toNum(l, '<') < toNum(r, '<');
        case '>':
          return toNum(l, '>') > toNum(r, '>');
        case '<=':
          return toNum(l, '<=') <= toNum(r, '<=');
        case '>=':
          return toNum(l, '>=') >= toNum(r, '>=');
        case '+':
          return toNum(l, '+') + toNum(r, '+');
        case '-':
          return toNum(l, '-') - toNum(r, '-');
        case '*':
          return toNum(l, '*') * toNum(r, '*');
        case '/': {
          const d = toNum(r, '/');
          if (d === 0) throw new Error('division by zero');
          return toNum(l, '/') / d;
        }
        case '%':
          return toNum(l, '%') % toNum(r, '%');
      }
      throw new Error(`unknown operator ${e.op}`);
    }
    case 'cond':
      return toBool(evaluate(e.c, scope), '? :') ? evaluate(e.a, scope) : evaluate(e.b, scope);
    case 'for': {
      const coll = evaluate(e.coll, scope);
      const entries: [unknown, unknown][] = Array.isArray(coll)
        ? coll.map((v, i) => [i, v])
        : coll && typeof coll === 'object'
          ? Object.entries(coll)
          : (() => {
              throw new Error(`a for expression needs a list or a map, not ${typeName(coll)}`);
            })();
      const outList: unknown[] = [];
      const outObj: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        const inner: Scope = { ...scope, [e.valVar]: v };
        if (e.keyVar) inner[e.keyVar] = k;
        if (e.cond && !toBool(evaluate(e.cond, inner), 'if')) continue;
        const val = evaluate(e.valExpr, inner);
        if (!e.object) outList.push(val);
        else {
          const key = toStr(evaluate(e.keyExpr!, inner));
          if (e.group) ((outObj[key] ??= []) as unknown[]).push(val);
          else if (key in outObj) throw new Error(`duplicate key "${key}" in a for expression (use "..." to group)`);
          else outObj[key] = val;
        }
      }
      return e.object ? outObj : outList;
    }
  }
}

/** The `local` object while locals are still being computed: a missing key means "not yet". */
export class PendingObject {
  [k: string]: unknown;
}
