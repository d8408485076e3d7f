// Evaluates parsed HCL expressions against a scope (var, local, source, path, ...).
import { suggest } from '../../components/registry.js';
import { parseTemplate, type Expr } from './expr.js';
import { hclFunctions, SPECIAL_FORMS, type HclFunc } from './functions/index.js';
import { ctyEqual, numberText, sortedKeys } from './functions/args.js';
import { convertToType } from './types.js';

export type Scope = Record<string, unknown>;
export type Functions = Record<string, HclFunc>;

/** The functions of a template in the folder `baseDir`; templatefile renders with them (less itself). */
export function functionsFor(baseDir: string): Functions {
  const fns: Functions = hclFunctions({
    baseDir,
    renderTemplate: (text, vars) => {
      const { templatefile: _self, ...rest } = fns;
      void _self;
      return toStr(evaluate(parseTemplate(text), vars, rest));
    },
  });
  return fns;
}
let defaultFns: Functions | undefined;

/** A reference to something not (yet) known: a local still being computed. */
export class Unresolved extends Error {}

/** The value of a local or data source whose failure was already reported: reading it reports nothing more. */
export class FailedValue {}
export const FAILED = new FailedValue();
/** Thrown on reading a FailedValue: the evaluation stops without a second problem for one mistake. */
export class AlreadyReported extends Error {}

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'tuple' : typeof v === 'object' ? 'object' : typeof v);

function toStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return String(v);
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

/** A type expression as written (list(string), object({a=number})), for convert(). */
function typeExprText(e: Expr): string {
  if (e.t === 'ref') return e.name;
  if (e.t === 'call') return `${e.name}(${e.args.map(typeExprText).join(', ')})`;
  if (e.t === 'object') return `{${e.items.map(([k, v]) => `${k.t === 'lit' ? String(k.v) : k.t === 'ref' ? k.name : '?'} = ${typeExprText(v)}`).join(', ')}}`;
  if (e.t === 'tuple') return `[${e.items.map(typeExprText).join(', ')}]`;
  throw new Error('convert(): the second argument must be a type, such as string or list(number)');
}

function specialForm(e: Extract<Expr, { t: 'call' }>, scope: Scope, fns: Functions): unknown {
  if (e.name === 'convert') {
    if (e.args.length !== 2) throw new Error(`convert(): expects 2 arguments (a value and a type), got ${e.args.length}`);
    try {
      return convertToType(evaluate(e.args[0], scope, fns), typeExprText(e.args[1]));
    } catch (err) {
      throw new Error(`convert(): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (e.args.length === 0) throw new Error(`${e.name}(): at least one argument is required`);
  if (e.name === 'can') {
    if (e.args.length !== 1) throw new Error(`can(): expects 1 argument, got ${e.args.length}`);
    try {
      evaluate(e.args[0], scope, fns);
      return true;
    } catch (err) {
      if (err instanceof Unresolved) throw err;
      return false;
    }
  }
  const errors: string[] = [];
  for (const a of e.args) {
    try {
      return evaluate(a, scope, fns);
    } catch (err) {
      if (err instanceof Unresolved) throw err;
      errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  throw new Error(`try(): no expression succeeded: ${errors.join('; ')}`);
}

export function evaluate(e: Expr, scope: Scope, fns: Functions = (defaultFns ??= functionsFor('.'))): unknown {
  const ev = (x: Expr, sc: Scope = scope) => evaluate(x, sc, fns);
  switch (e.t) {
    case 'lit':
      return e.v;
    case 'tmpl':
      return e.parts.map((p) => (typeof p === 'string' ? p : toStr(ev(p)))).join('');
    case 'tif':
      return toBool(ev(e.c), 'if') ? ev(e.a) : e.b ? ev(e.b) : '';
    case 'tfor': {
      const coll = ev(e.coll);
      if (coll === null || typeof coll !== 'object') throw new Error(`a %{ for } directive needs a list or a map, not ${typeName(coll)}`);
      const entries: [unknown, unknown][] = Array.isArray(coll) ? coll.map((v, i) => [i, v]) : sortedKeys(coll as Record<string, unknown>).map((k) => [k, (coll as Record<string, unknown>)[k]]);
      return entries.map(([k, v]) => toStr(ev(e.body, { ...scope, [e.valVar]: v, ...(e.keyVar ? { [e.keyVar]: k } : {}) }))).join('');
    }
    case 'ref': {
      if (!(e.name in scope)) {
        const near = suggest(e.name, Object.keys(scope));
        throw new Error(`unknown name "${e.name}"${near ? `; did you mean "${near}"?` : ' (use var.NAME, local.NAME or source.name)'}`);
      }
      return scope[e.name];
    }
    case 'attr': {
      const o = ev(e.obj);
      if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Error(`cannot read ".${e.name}" of ${typeName(o)} ${refName(e.obj)}`);
      if (!(e.name in o)) {
        const base = refName(e.obj);
        if (o instanceof PendingObject) throw new Unresolved(`${base}.${e.name}`);
        const near = suggest(e.name, Object.keys(o));
        const what = base === 'var' ? 'variable' : base === 'local' ? 'local' : 'attribute';
        throw new Error(`undeclared ${what} "${base}.${e.name}"${near ? `; did you mean "${base}.${near}"?` : ''}`);
      }
      const v = (o as Record<string, unknown>)[e.name];
      if (v instanceof FailedValue) throw new AlreadyReported(`${refName(e.obj)}.${e.name}`);
      return v;
    }
    case 'index': {
      const o = ev(e.obj);
      const k = ev(e.key);
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
      const o = ev(e.obj);
      const items = Array.isArray(o) ? o : o === null ? [] : [o];
      return items.map((it) => e.attrs.reduce<unknown>((acc, a) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[a] : undefined), it));
    }
    case 'call': {
      const fn = fns[e.name];
      if (!fn) {
        if (e.name === 'env') throw new Error('call to unknown function "env": env() is only available in a variable\'s default, as in Packer');
        const near = suggest(e.name, Object.keys(fns));
        throw new Error(`call to unknown function "${e.name}"${near ? `; did you mean "${near}"?` : ''}`);
      }
      if (SPECIAL_FORMS.has(e.name)) return specialForm(e, scope, fns);
      let args = e.args.map((a) => ev(a));
      if (e.expand) {
        const last = args.pop();
        if (!Array.isArray(last)) throw new Error(`"..." needs a list as the last argument of ${e.name}()`);
        args = [...args, ...last];
      }
      return fn(...args);
    }
    case 'tuple':
      return e.items.map((x) => ev(x));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of e.items) out[toStr(k.t === 'ref' ? k.name : ev(k))] = ev(v);
      return out;
    }
    case 'unary': {
      const v = ev(e.e);
      return e.op === '-' ? -toNum(v, '-') : !toBool(v, '!');
    }
    case 'bin': {
      if (e.op === '&&') return toBool(ev(e.l), '&&') && toBool(ev(e.r), '&&');
      if (e.op === '||') return toBool(ev(e.l), '||') || toBool(ev(e.r), '||');
      const l = ev(e.l);
      const r = ev(e.r);
      switch (e.op) {
        case '==':
          return ctyEqual(l, r);
        case '!=':
          return !ctyEqual(l, r);
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
      return toBool(ev(e.c), '? :') ? ev(e.a) : ev(e.b);
    case 'for': {
      const coll = ev(e.coll);
      const entries: [unknown, unknown][] = Array.isArray(coll)
        ? coll.map((v, i) => [i, v])
        : coll && typeof coll === 'object'
          ? sortedKeys(coll as Record<string, unknown>).map((k) => [k, (coll as Record<string, unknown>)[k]] as [unknown, unknown])
          : (() => {
              throw new Error(`a for expression needs a list or a map, not ${typeName(coll)}`);
            })();
      const outList: unknown[] = [];
      const outObj: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        const inner: Scope = { ...scope, [e.valVar]: v };
        if (e.keyVar) inner[e.keyVar] = k;
        if (e.cond && !toBool(ev(e.cond, inner), 'if')) continue;
        const val = ev(e.valExpr, inner);
        if (!e.object) outList.push(val);
        else {
          const key = toStr(ev(e.keyExpr!, inner));
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
