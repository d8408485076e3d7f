// Evaluates parsed Go templates. Dotted fields ({{.Path}}) are only known at run time: when no
// data is given, actions that read one are written back exactly as they were.
import { parseGoTemplate, usesField, blockUsesField, GoTemplateSyntaxError, type Arg, type Command, type Node } from './parse.js';
import { BUILTINS, truthy } from './builtins.js';

export type GoFunc = (...args: unknown[]) => unknown;

export interface RenderOptions {
  funcs: Record<string, GoFunc>;
  /** Values for dotted fields. Undefined: keep actions with fields for run time. */
  data?: Record<string, unknown>;
}

/** A problem in one template string; `offset` is where in the string it is. */
export class GoTemplateError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function hasTemplate(text: string): boolean {
  return text.includes('{{');
}

export function renderGoTemplate(text: string, opts: RenderOptions): string {
  if (!text.includes('{{')) return text;
  let nodes;
  try {
    nodes = parseGoTemplate(text);
  } catch (e) {
    if (e instanceof GoTemplateSyntaxError) throw new GoTemplateError(e.message, e.offset);
    throw e;
  }
  return renderNodes(nodes, opts);
}

function renderNodes(nodes: Node[], opts: RenderOptions): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'if') {
      // A condition or branch that reads a run-time field keeps the whole block for run time.
      if (opts.data === undefined && blockUsesField(n)) {
        out += n.source;
        continue;
      }
      out += renderNodes(truthy(evaluate(n.cond, n.source, n.offset, opts)) ? n.then : n.otherwise, opts);
    } else if (n.pipe.length === 0) continue;
    else if (opts.data === undefined && usesField(n.pipe)) out += n.source;
    else out += toText(evaluate(n.pipe, n.source, n.offset, opts));
  }
  return out;
}

function evaluate(pipe: Command[], source: string, offset: number, opts: RenderOptions): unknown {
  try {
    return evalPipe(pipe, opts);
  } catch (e) {
    if (e instanceof GoTemplateError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new GoTemplateError(`${source}: ${msg}`, offset);
  }
}

function evalPipe(pipe: Command[], opts: RenderOptions): unknown {
  let prev: unknown;
  let hasPrev = false;
  for (const cmd of pipe) {
    prev = evalCommand(cmd, opts, hasPrev ? [prev] : []);
    hasPrev = true;
  }
  return prev;
}

function evalCommand(cmd: Command, opts: RenderOptions, piped: unknown[]): unknown {
  const [head, ...rest] = cmd.args;
  if (head.kind === 'ident') {
    const fn = opts.funcs[head.name] ?? BUILTINS[head.name];
    if (!fn) throw new Error(`function "${head.name}" not defined`);
    return fn(...rest.map((a) => evalArg(a, opts)), ...piped);
  }
  if (rest.length > 0 || piped.length > 0) throw new Error(`can't give arguments to a non-function value`);
  return evalArg(head, opts);
}

function evalArg(a: Arg, opts: RenderOptions): unknown {
  switch (a.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return a.value;
    case 'pipe':
      return evalPipe(a.pipe, opts);
    case 'ident': {
      const fn = opts.funcs[a.name] ?? BUILTINS[a.name];
      if (!fn) throw new Error(`function "${a.name}" not defined`);
      return fn();
    }
    case 'field': {
      let v: unknown = opts.data ?? {};
      for (const part of a.path) {
        if (v === null || typeof v !== 'object' || !(part in (v as object))) {
          throw new Error(`can't evaluate field ${part}: this value is not available here`);
        }
        v = (v as Record<string, unknown>)[part];
      }
      return v;
    }
  }
}

/** Prints a value as Go's fmt would for the values templates meet. */
export function toText(v: unknown): string {
  if (v === undefined || v === null) return '<no value>';
  if (Array.isArray(v)) return `[${v.map(toText).join(' ')}]`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
