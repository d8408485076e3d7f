// Values between the two expression languages: Packer JSON's Go templates ({{user `x`}}) and HCL2's
// templates ("${var.x}"). What one side cannot say is a ConvertError naming the text, never a guess.
// Runtime fields ({{ .HTTPIP }}, {{.Vars}}) are Go templates in both and pass through unchanged.
import { parseGoTemplate, type Arg, type Command } from '../template/gotemplate/parse.js';
import { parseTemplate, type Expr } from '../template/hcl/expr.js';

export class ConvertError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Applies `f` to every string of a JSON-like value (object keys are kept). */
export function mapStrings(v: unknown, f: (s: string) => unknown): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

// ---------------------------------------------------------------- Go template -> HCL2

const argName = (a: Arg | undefined) => (a?.kind === 'string' ? a.value : undefined);

/** How a Go template reads what HCL2 names otherwise: variables that became locals, helper locals used. */
export interface GoToHclCtx {
  /** JSON variables written as HCL2 locals (they read other variables). */
  locals: Set<string>;
  /** Helper locals the conversion needs ("timestamp"). */
  uses: Set<string>;
}

class NoHclForm extends Error {}

/** A literal string argument's value (user, env and build name their variable by a literal). */
function literalArg(e: string | undefined): string {
  const m = e === undefined ? null : /^"((?:[^"\\]|\\.)*)"$/.exec(e);
  if (!m) throw new NoHclForm();
  return JSON.parse(e!) as string;
}

/** A Go template function applied to HCL2 expressions (already converted arguments). */
function callToHcl(name: string, args: string[], ctx: GoToHclCtx, source: string): string {
  const n = args.length;
  switch (`${name}/${n}`) {
    case 'user/1': {
      const v = literalArg(args[0]);
      return ctx.locals.has(v) ? `local.${v}` : `var.${v}`;
    }
    case 'env/1':
      return `env(${args[0]})`;
    case 'build/1':
      return `build.${literalArg(args[0])}`;
    case 'template_dir/0':
      return 'path.root';
    case 'pwd/0':
      return 'path.cwd';
    case 'build_name/0':
      return 'source.name';
    case 'build_type/0':
      return 'source.type';
    case 'packer_version/0':
      return 'packer.version';
    case 'uuid/0':
      return 'uuidv4()';
    case 'timestamp/0':
      ctx.uses.add('timestamp');
      return 'local.timestamp';
    case 'isotime/0':
      return 'timestamp()';
    case 'isotime/1':
      return `formatdate(${JSON.stringify(goLayoutToFormatdate(literalArg(args[0]), source))}, timestamp())`;
    case 'lower/1':
    case 'upper/1':
      return `${name}(${args[0]})`;
    case 'replace_all/3':
      return `replace(${args[2]}, ${args[0]}, ${args[1]})`;
    case 'split/3':
      if (/^\d+$/.test(args[2])) return `split(${args[1]}, ${args[0]})[${args[2]}]`;
  }
  throw new NoHclForm();
}

function argToHcl(a: Arg, ctx: GoToHclCtx, source: string): string {
  switch (a.kind) {
    case 'string':
      return JSON.stringify(a.value);
    case 'number':
    case 'bool':
      return String(a.value);
    case 'ident':
      return callToHcl(a.name, [], ctx, source);
    case 'pipe':
      return pipeToHcl(a.pipe, ctx, source);
    case 'field':
      throw new NoHclForm();
  }
}

/** a | f b  is  f(b, a): each command's result is the next one's last argument. */
function pipeToHcl(pipe: Command[], ctx: GoToHclCtx, source: string): string {
  let prev: string | undefined;
  for (const cmd of pipe) {
    const [head, ...rest] = cmd.args;
    const args = rest.map((a) => argToHcl(a, ctx, source));
    if (prev !== undefined) args.push(prev);
    if (head?.kind === 'ident') prev = callToHcl(head.name, args, ctx, source);
    else if (head && args.length === 0) prev = argToHcl(head, ctx, source);
    else throw new NoHclForm();
  }
  if (prev === undefined) throw new NoHclForm();
  return prev;
}

/** One {{ action }} as an HCL2 expression, or undefined to keep it as a runtime Go template. */
function actionToHcl(pipe: Command[], source: string, ctx: GoToHclCtx): string | undefined {
  if (pipe.length === 1 && pipe[0].args[0]?.kind === 'field') return undefined; // {{ .HTTPIP }}: filled in at run time
  try {
    return pipeToHcl(pipe, ctx, source);
  } catch (e) {
    if (e instanceof NoHclForm) throw new ConvertError(`${source} has no HCL2 form: write it as an HCL2 expression by hand`);
    throw e;
  }
}

// Go's reference-time layout pieces and formatdate's letters for them, longest first.
const LAYOUT: [string, string][] = [
  ['January', 'MMMM'], ['Monday', 'EEEE'], ['Z07:00', 'Z'], ['-07:00', 'ZZZZZ'], ['-0700', 'ZZZZ'], ['2006', 'YYYY'],
  ['Jan', 'MMM'], ['Mon', 'EEE'], ['MST', 'ZZZ'], ['01', 'MM'], ['02', 'DD'], ['15', 'hh'], ['03', 'HH'], ['04', 'mm'], ['05', 'ss'],
  ['06', 'YY'], ['PM', 'AA'], ['pm', 'aa'], ['1', 'M'], ['2', 'D'], ['3', 'H'], ['4', 'm'], ['5', 's'],
];

/** {{isotime "01-02-2006"}}'s Go layout as formatdate's spec ("MM-DD-YYYY"); other letters are quoted. */
export function goLayoutToFormatdate(layout: string, source: string): string {
  let out = '';
  let literal = '';
  const flush = () => {
    if (literal) out += /[A-Za-z']/.test(literal) ? `'${literal.replace(/'/g, "''")}'` : literal;
    literal = '';
  };
  for (let i = 0; i < layout.length; ) {
    const hit = LAYOUT.find(([go]) => layout.startsWith(go, i));
    if (hit) {
      flush();
      out += hit[1];
      i += hit[0].length;
    } else if (/\d/.test(layout[i])) throw new ConvertError(`${source}: the layout "${layout}" has no formatdate() form`);
    else literal += layout[i++];
  }
  flush();
  return out;
}

/** A Packer JSON string as the body of an HCL2 string: literal text escaped, actions as ${...}. */
export function goToHclString(s: string, ctx: GoToHclCtx = { locals: new Set(), uses: new Set() }): string {
  let out = '';
  for (const n of parseGoTemplate(s)) {
    if (n.kind === 'text') {
      out += JSON.stringify(n.text).slice(1, -1).replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
      continue;
    }
    if (n.kind === 'if') throw new ConvertError(`${n.source}: {{if}} has no HCL2 form: write it as a conditional expression (cond ? a : b) by hand`);
    const e = actionToHcl(n.pipe, n.source, ctx);
    out += e !== undefined ? `\${${e}}` : JSON.stringify(n.source).slice(1, -1).replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
  }
  return `"${out}"`;
}

/** The names a Go template string reads with {{user `x`}} and {{env `X`}}. */
export function goTemplateRefs(s: string): { user: string[]; env: string[]; other: boolean } {
  const refs = { user: [] as string[], env: [] as string[], other: false };
  for (const n of parseGoTemplate(s)) {
    if (n.kind === 'if') refs.other = true;
    if (n.kind !== 'action') continue;
    const [cmd] = n.pipe;
    const head = cmd?.args[0];
    const arg = argName(cmd?.args[1]);
    if (n.pipe.length === 1 && head?.kind === 'ident' && head.name === 'user' && arg) refs.user.push(arg);
    else if (n.pipe.length === 1 && head?.kind === 'ident' && head.name === 'env' && arg) refs.env.push(arg);
    else refs.other = true;
  }
  return refs;
}

// ---------------------------------------------------------------- HCL2 -> Go template

export interface HclToGoScope {
  /** Variables and locals with a string value in the JSON template ("var.x" -> its JSON name). */
  asUser: Map<string, string>;
  /** Non-string values (lists, maps, numbers of locals...) written in place, already converted. */
  inline: Map<string, unknown>;
  /** Locals that have no Packer JSON form, and why: an error only where they are used. */
  failed: Map<string, string>;
}

function refPath(e: Expr): string[] | undefined {
  if (e.t === 'ref') return [e.name];
  if (e.t === 'attr') {
    const p = refPath(e.obj);
    return p && [...p, e.name];
  }
  return undefined;
}

/** A string literal ("x" parses as a template of one part). */
function literal(e: Expr | undefined): string | undefined {
  if (e?.t === 'lit' && typeof e.v === 'string') return e.v;
  if (e?.t === 'tmpl' && e.parts.every((p) => typeof p === 'string')) return e.parts.join('');
  return undefined;
}

const raw = (s: string) => (s.includes('`') ? JSON.stringify(s) : `\`${s}\``);

/** An operand of a Go pipeline: a literal, or a parenthesized pipeline. */
function goOperand(e: Expr, scope: HclToGoScope): string | undefined {
  const lit = literal(e);
  if (lit !== undefined) return raw(lit);
  if (e.t === 'lit' && (typeof e.v === 'number' || typeof e.v === 'boolean')) return String(e.v);
  const p = goPipeline(e, scope);
  return p === undefined ? undefined : /\s/.test(p) ? `(${p})` : p;
}

/** An HCL2 expression as the inside of one {{ }} action, where the Go template functions can say it. */
function goPipeline(e: Expr, scope: HclToGoScope): string | undefined {
  const path = refPath(e);
  if (path?.length === 2 && (path[0] === 'var' || path[0] === 'local')) {
    const key = path.join('.');
    if (scope.failed.has(key)) throw new ConvertError(`${key}: ${scope.failed.get(key)}`);
    const name = scope.asUser.get(key);
    return name === undefined ? undefined : `user ${raw(name)}`;
  }
  const fixed: Record<string, string> = { 'path.root': 'template_dir', 'path.cwd': 'pwd', 'source.name': 'build_name', 'source.type': 'build_type', 'packer.version': 'packer_version' };
  if (path && fixed[path.join('.')]) return fixed[path.join('.')];
  if (path?.length === 2 && path[0] === 'build') return `build ${raw(path[1])}`;
  if (e.t === 'index' && e.obj.t === 'call' && e.obj.name === 'split' && e.obj.args.length === 2 && e.key.t === 'lit' && typeof e.key.v === 'number') {
    const [sep, str] = e.obj.args.map((a) => goOperand(a, scope));
    return sep && str ? `split ${str} ${sep} ${e.key.v}` : undefined;
  }
  if (e.t !== 'call') return undefined;
  if (e.name === 'formatdate' && e.args.length === 2 && e.args[1].t === 'call' && e.args[1].name === 'timestamp') {
    const spec = literal(e.args[0]);
    const layout = spec === undefined ? undefined : formatdateToGoLayout(spec);
    return layout === undefined ? undefined : `isotime ${raw(layout)}`;
  }
  const args = e.args.map((a) => goOperand(a, scope));
  if (args.some((a) => a === undefined)) return undefined;
  const sig = `${e.name}/${args.length}`;
  if (sig === 'uuidv4/0') return 'uuid';
  if (sig === 'timestamp/0') return 'isotime';
  if (sig === 'env/1' || sig === 'lower/1' || sig === 'upper/1') return `${e.name} ${args[0]}`;
  if (sig === 'replace/3') return `replace_all ${args[1]} ${args[2]} ${args[0]}`;
  return undefined;
}

/** formatdate's spec as a Go layout, where every letter has one (the inverse of goLayoutToFormatdate). */
function formatdateToGoLayout(spec: string): string | undefined {
  const back = [...LAYOUT].map(([go, fd]) => [fd, go] as const).sort((a, b) => b[0].length - a[0].length);
  let out = '';
  for (let i = 0; i < spec.length; ) {
    if (spec[i] === "'") {
      const end = spec.indexOf("'", i + 1);
      if (end < 0) return undefined;
      out += spec.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    const hit = back.find(([fd]) => spec.startsWith(fd, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else if (/[A-Za-z\d]/.test(spec[i])) return undefined;
    else out += spec[i++];
  }
  return out;
}

function exprToGo(e: Expr, scope: HclToGoScope, text: string): unknown {
  if (e.t === 'lit') return e.v;
  const path = refPath(e);
  if (path?.length === 2 && (path[0] === 'var' || path[0] === 'local')) {
    const key = path.join('.');
    if (scope.failed.has(key)) throw new ConvertError(`${key}: ${scope.failed.get(key)}`);
    if (scope.inline.has(key)) return scope.inline.get(key);
    if (!scope.asUser.has(key)) throw new ConvertError(`"${text}": ${key} is not declared`);
  }
  const pipeline = e.t === 'tmpl' || e.t === 'tuple' ? undefined : goPipeline(e, scope);
  if (pipeline !== undefined) return `{{${pipeline}}}`;
  if (e.t === 'tmpl') {
    let out = '';
    for (const p of e.parts) {
      const v = typeof p === 'string' ? p : exprToGo(p, scope, text);
      if (typeof v === 'object' && v !== null) throw new ConvertError(`"${text}": a list or map inside a string has no Packer JSON form`);
      out += String(v);
    }
    return out;
  }
  if (e.t === 'tuple') return e.items.map((x) => exprToGo(x, scope, text));
  throw new ConvertError(`"${text}" has no Packer JSON form (JSON templates have no HCL2 functions or operators): write the value by hand`);
}

/** One value of an HCL2 body (hcl2json gives expressions as "${...}" strings) as Packer JSON. */
export function hclToGo(v: unknown, scope: HclToGoScope): unknown {
  return mapStrings(v, (s) => {
    if (!s.includes('${') && !s.includes('%{')) return s;
    return exprToGo(parseTemplate(s), scope, s);
  });
}

export { isObj };
