// Packer JSON's shape into HCL2, as `packer hcl2_upgrade` lays it out: variable blocks, a locals block
// for what HCL2 variables cannot hold, one source block per builder, one build block with the
// provisioners and post-processors (only/except naming "TYPE.NAME" sources), then `packer fmt`'s layout.
import { formatHcl } from '../template/fmt/hcl.js';
import { ConvertError, goTemplateRefs, goToHclString, isObj } from './values.js';
import type { Comments, LegacyDoc } from './legacy-doc.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

interface Ctx {
  /** JSON variables that became locals (they read other variables). */
  locals: Set<string>;
  /** Actions that need a helper local ({{timestamp}}). */
  uses: Set<string>;
  comments: Comments;
}

function str(s: string, ctx: Ctx): string {
  return goToHclString(s, ctx);
}

function value(v: unknown, ctx: Ctx, indent: string): string {
  if (typeof v === 'string') return str(v, ctx);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = v.map((x) => value(x, ctx, indent + '  '));
    if (v.every((x) => typeof x !== 'object' || x === null) && items.join(', ').length < 100) return `[${items.join(', ')}]`;
    return `[\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${indent}  ${IDENT.test(k) ? k : JSON.stringify(k)} = ${value(x, ctx, indent + '  ')}`).join('\n')}\n${indent}}`;
}

function comment(ctx: Ctx, key: string, indent: string): string {
  return (ctx.comments.get(key) ?? []).map((l) => `${indent}#${l.startsWith(' ') || l === '' ? '' : ' '}${l}\n`).join('');
}

/** A list of objects is a repeated nested block in HCL2 (storage { ... } storage { ... }), as hcl2_upgrade writes it. */
const isBlockList = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.length > 0 && v.every((x) => isObj(x));
/** An object holding objects is a nested block (customize { linux_options { ... } }), and so is every object inside
 *  one; a flat object of a component is a map (tags = {...}, env = {...}). */
const isBlock = (k: string, v: unknown, nested: boolean): v is Record<string, unknown> =>
  k !== 'override' && isObj(v) && (nested || Object.values(v).some((x) => isObj(x) || isBlockList(x)));

function block(head: string, body: Record<string, unknown>, ctx: Ctx, indent: string, nested = false): string {
  const lines = Object.entries(body).map(([k, v]) => {
    if (isBlockList(v)) return v.map((item) => block(k, item, ctx, indent + '  ', true).trimEnd()).join('\n');
    if (isBlock(k, v, nested)) return block(k, v, ctx, indent + '  ', true).trimEnd();
    return `${indent}  ${k} = ${value(v, ctx, indent + '  ')}`;
  });
  return `${indent}${head} {\n${lines.map((l) => l + '\n').join('')}${indent}}\n`;
}

const hclLabel = (s: string) => JSON.stringify(s);

function componentType(c: unknown, where: string): { type: string; body: Record<string, unknown> } {
  if (typeof c === 'string') return { type: c, body: {} };
  if (!isObj(c) || typeof c.type !== 'string') throw new ConvertError(`${where}: needs a "type"`);
  const { type, ...body } = c;
  return { type, body };
}

export function legacyToHcl(doc: LegacyDoc, comments: Comments, warnings: string[]): string {
  const ctx: Ctx = { locals: new Set(), uses: new Set(), comments };
  const out: string[] = [];
  const top = Object.entries(doc).filter(([k, v]) => k.startsWith('_') && typeof v === 'string').map(([, v]) => v as string);
  const head = [...(comments.get('') ?? []), ...top.flatMap((t) => t.split('\n'))];
  if (head.length) out.push(head.map((l) => `#${l.startsWith(' ') || l === '' ? '' : ' '}${l}\n`).join(''));
  if (doc.min_packer_version) out.push(`packer {\n  required_version = ">= ${doc.min_packer_version}"\n}\n`);

  // Variables: HCL2 variable defaults cannot read other variables; those become locals.
  const sensitive = new Set(doc['sensitive-variables'] ?? []);
  const localDefs: [string, string][] = [];
  for (const [name, def] of Object.entries(doc.variables ?? {})) {
    if (typeof def === 'string' && (goTemplateRefs(def).user.length || goTemplateRefs(def).other)) ctx.locals.add(name);
  }
  for (const [name, def] of Object.entries(doc.variables ?? {})) {
    if (ctx.locals.has(name)) {
      localDefs.push([name, str(def as string, ctx)]);
      warnings.push(`variable "${name}" reads other variables: HCL2 variables cannot, so it is a local now (not settable with -var${sensitive.has(name) ? ', and HCL2 locals of Packer 1.6.6 cannot be marked sensitive' : ''})`);
      continue;
    }
    const body: string[] = ['  type = string'];
    if (def !== null && def !== undefined) body.push(`  default = ${value(String(def), ctx, '  ')}`);
    if (sensitive.has(name)) body.push('  sensitive = true');
    out.push(`${comment(ctx, `variables.${name}`, '')}variable ${hclLabel(name)} {\n${body.join('\n')}\n}\n`);
  }

  const builders = doc.builders ?? [];
  const sourceOf = new Map<string, string>(); // JSON builder name -> "TYPE.NAME"
  builders.forEach((b, i) => {
    const { type, body } = componentType(b, `builders[${i}]`);
    const { name, ...config } = body;
    const n = typeof name === 'string' ? name : type;
    sourceOf.set(n, `${type}.${n}`);
    out.push(comment(ctx, `builders.${i}`, '') + block(`source ${hclLabel(type)} ${hclLabel(n)}`, config, ctx, ''));
  });
  const names = (v: unknown) => (Array.isArray(v) ? v.map((x) => sourceOf.get(String(x)) ?? String(x)) : v);
  const withNames = (body: Record<string, unknown>) => {
    const o = { ...body };
    if (o.only !== undefined) o.only = names(o.only);
    if (o.except !== undefined) o.except = names(o.except);
    return o;
  };

  const build: string[] = [];
  if (doc.description) build.push(`  description = ${value(doc.description, ctx, '  ')}\n`);
  build.push(`  sources = ${value([...sourceOf.values()].map((s) => `source.${s}`), ctx, '  ')}\n`);
  (doc.provisioners ?? []).forEach((p, i) => {
    const { type, body } = componentType(p, `provisioners[${i}]`);
    build.push('\n' + comment(ctx, `provisioners.${i}`, '  ') + block(`provisioner ${hclLabel(type)}`, withNames(body), ctx, '  '));
  });
  (doc['post-processors'] ?? []).forEach((entry, i) => {
    const chain = Array.isArray(entry) ? entry : [entry];
    const parts = chain.map((c, j) => {
      const { type, body } = componentType(c, `post-processors[${i}]${Array.isArray(entry) ? `[${j}]` : ''}`);
      return { type, body: withNames(body) };
    });
    const note = comment(ctx, `post-processors.${i}`, '  ');
    if (parts.length === 1) build.push('\n' + note + block(`post-processor ${hclLabel(parts[0].type)}`, parts[0].body, ctx, '  '));
    else build.push('\n' + note + `  post-processors {\n${parts.map((x) => block(`post-processor ${hclLabel(x.type)}`, x.body, ctx, '    ')).join('')}  }\n`);
  });
  if (doc['error-cleanup-provisioner']) {
    const { type, body } = componentType(doc['error-cleanup-provisioner'], 'error-cleanup-provisioner');
    build.push('\n' + block(`error-cleanup-provisioner ${hclLabel(type)}`, body, ctx, '  '));
    warnings.push('error-cleanup-provisioner is written as an HCL2 block, which Packer reads from version 1.7 on');
  }

  if (ctx.uses.has('timestamp')) localDefs.unshift(['timestamp', 'formatdate("YYYYMMDDhhmmss", timestamp())']);
  if (localDefs.length) out.push(`locals {\n${localDefs.map(([k, v]) => `  ${k} = ${v}\n`).join('')}}\n`);
  out.push(`build {\n${build.join('')}}\n`);
  return formatHcl(out.join('\n'));
}
