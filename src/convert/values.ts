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

/** An HCL2 expression to place inside "${...}". */
export class HclExpr {
  constructor(readonly text: string) {}
}

const argName = (a: Arg | undefined) => (a?.kind === 'string' ? a.value : undefined);

/** One {{ action }} as an HCL2 expression, or undefined to keep it as a runtime Go template. */
function actionToHcl(pipe: Command[], source: string, uses: Set<string>): HclExpr | undefined {
  const [cmd] = pipe;
  const head = cmd?.args[0];
  if (pipe.length !== 1 || !head) throw new ConvertError(`${source} has no HCL2 form`);
  if (head.kind === 'field') return undefined; // {{ .HTTPIP }}: filled in at run time
  if (head.kind !== 'ident') throw new ConvertError(`${source} has no HCL2 form`);
  const arg = argName(cmd.args[1]);
  const strings = cmd.args.slice(1).map(argName);
  const all = strings.every((x) => x !== undefined);
  const quoted = strings.map((x) => JSON.stringify(x));
  switch (head.name) {
    case 'lower':
    case 'upper':
      if (strings.length === 1 && all) return new HclExpr(`${head.name}(${quoted[0]})`);
      break;
    case 'replace_all':
      if (strings.length === 3 && all) return new HclExpr(`replace(${quoted[2]}, ${quoted[0]}, ${quoted[1]})`);
      break;
    case 'split': {
      const index = cmd.args[3];
      if (cmd.args.length === 4 && argName(cmd.args[1]) !== undefined && argName(cmd.args[2]) !== undefined && index?.kind === 'number') {
        return new HclExpr(`split(${JSON.stringify(argName(cmd.args[2]))}, ${JSON.stringify(argName(cmd.args[1]))})[${index.value}]`);
      }
      break;
    }
    case 'user':
      if (arg) return new HclExpr(`var.${arg}`);
      break;
    case 'env':
      if (arg) return new HclExpr(`env(${JSON.stringify(arg)})`);
      break;
    case 'build':
      if (arg) return new HclExpr(`build.${arg}`);
      break;
    case 'template_dir':
      return new HclExpr('path.root');
    case 'pwd':
      return new HclExpr('path.cwd');
    case 'build_name':
      return new HclExpr('source.name');
    case 'build_type':
      return new HclExpr('source.type');
    case 'packer_version':
      return new HclExpr('packer.version');
    case 'uuid':
      return new HclExpr('uuidv4()');
    case 'isotime':
      if (cmd.args.length === 1) return new HclExpr('timestamp()');
      if (strings.length === 1 && all) return new HclExpr(`formatdate(${JSON.stringify(goLayoutToFormatdate(strings[0]!, source))}, timestamp())`);
      break;
    case 'timestamp':
      uses.add('timestamp');
      return new HclExpr('local.timestamp');
  }
  throw new ConvertError(`${source} has no HCL2 form: write it as an HCL2 expression by hand`);
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
export function goToHclString(s: string, uses: Set<string> = new Set()): string {
  let out = '';
  for (const n of parseGoTemplate(s)) {
    if (n.kind === 'text') {
      out += JSON.stringify(n.text).slice(1, -1).replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
      continue;
    }
    const e = actionToHcl(n.pipe, n.source, uses);
    out += e ? `\${${e.text}}` : JSON.stringify(n.source).slice(1, -1).replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
  }
  return `"${out}"`;
}

/** The names a Go template string reads with {{user `x`}} and {{env `X`}}. */
export function goTemplateRefs(s: string): { user: string[]; env: string[]; other: boolean } {
  const refs = { user: [] as string[], env: [] as string[], other: false };
  for (const n of parseGoTemplate(s)) {
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

/** The HCL2 calls that have a Go template function of the same meaning (what goToHclString writes). */
function callToGo(e: Expr): string | undefined {
  if (e.t === 'index' && e.obj.t === 'call' && e.obj.name === 'split' && e.key.t === 'lit' && typeof e.key.v === 'number') {
    const [sep, s] = e.obj.args.map(literal);
    if (sep !== undefined && s !== undefined) return `{{split ${raw(s)} ${raw(sep)} ${e.key.v}}}`;
  }
  if (e.t !== 'call') return undefined;
  const args = e.args.map(literal);
  const all = args.every((a) => a !== undefined);
  if (e.name === 'uuidv4' && args.length === 0) return '{{uuid}}';
  if (e.name === 'timestamp' && args.length === 0) return '{{isotime}}';
  if (e.name === 'env' && args.length === 1 && all) return `{{env ${raw(args[0]!)}}}`;
  if ((e.name === 'lower' || e.name === 'upper') && args.length === 1 && all) return `{{${e.name} ${raw(args[0]!)}}}`;
  if (e.name === 'replace' && args.length === 3 && all) return `{{replace_all ${raw(args[1]!)} ${raw(args[2]!)} ${raw(args[0]!)}}}`;
  if (e.name === 'formatdate' && args[0] !== undefined && e.args[1]?.t === 'call' && e.args[1].name === 'timestamp') {
    const layout = formatdateToGoLayout(args[0]);
    if (layout !== undefined) return `{{isotime ${raw(layout)}}}`;
  }
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
  if (path && path.length === 2) {
    const [root, name] = path;
    if (root === 'var' || root === 'local') {
      const key = `${root}.${name}`;
      if (scope.failed.has(key)) throw new ConvertError(`${key}: ${scope.failed.get(key)}`);
      if (scope.inline.has(key)) return scope.inline.get(key);
      if (scope.asUser.has(key)) return `{{user \`${scope.asUser.get(key)}\`}}`;
      throw new ConvertError(`"${text}": ${key} is not declared`);
    }
    const fixed: Record<string, string> = { 'path.root': '{{template_dir}}', 'path.cwd': '{{pwd}}', 'source.name': '{{build_name}}', 'source.type': '{{build_type}}', 'packer.version': '{{packer_version}}' };
    if (fixed[path.join('.')]) return fixed[path.join('.')];
    if (root === 'build') return `{{build \`${name}\`}}`;
  }
  const go = callToGo(e);
  if (go) return go;
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
