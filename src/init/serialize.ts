// The written file: YAML (Packer JSON's shape), Packer JSON, or HCL2, chosen by the file's extension.
import { stringify } from 'yaml';
import type { TemplateFormat } from '../template/model.js';
import { toPackerObject, VarRef, type Doc, type DocComponent } from './document.js';

export function formatFor(file: string): TemplateFormat {
  if (/\.pkr\.hcl$|\.hcl$/i.test(file)) return 'hcl';
  if (/\.json$/i.test(file)) return 'json';
  return 'yaml';
}

export function serialize(doc: Doc, format: TemplateFormat): string {
  if (format === 'json') return JSON.stringify(toPackerObject(doc), null, 2) + '\n';
  if (format === 'hcl') return toHcl(doc);
  return stringify(toPackerObject(doc, 'yaml'), { lineWidth: 0 });
}

// ---------------------------------------------------------------- HCL2

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An HCL expression written as is (a type constraint). */
class Raw {
  constructor(readonly text: string) {}
}

// A Packer JSON variable reference inside a longer string ("{{user `x`}}") becomes HCL's "${var.x}".
const USER_REF = /\{\{\s*user\s+(?:`([\w-]+)`|\\"([\w-]+)\\")\s*\}\}/g;

function hclString(s: string): string {
  const body = JSON.stringify(s).slice(1, -1).replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{')
    .replace(USER_REF, (_m, a: string | undefined, b: string | undefined) => `\${var.${a ?? b}}`);
  return `"${body}"`;
}

function hclValue(v: unknown, indent: string): string {
  if (v instanceof VarRef) return `var.${v.name}`;
  if (v instanceof Raw) return v.text;
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const simple = v.every((x) => typeof x !== 'object' || x instanceof VarRef);
    const items = v.map((x) => hclValue(x, indent + '  '));
    if (simple && items.join(', ').length < 80) return `[${items.join(', ')}]`;
    return `[\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const key = (k: string) => (IDENT.test(k) ? k : hclString(k));
  return `{\n${entries.map(([k, x]) => `${indent}  ${key(k)} = ${hclValue(x, indent + '  ')}`).join('\n')}\n${indent}}`;
}

function attributes(config: Record<string, unknown>, indent: string): string[] {
  const entries = Object.entries(config);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${indent}${k.padEnd(width)} = ${hclValue(v, indent)}`);
}

function block(head: string, config: Record<string, unknown>, indent: string): string {
  const body = attributes(config, indent + '  ');
  return body.length === 0 ? `${indent}${head} {\n${indent}}` : `${indent}${head} {\n${body.join('\n')}\n${indent}}`;
}

function hclType(v: unknown): string {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? 'list(string)' : 'list(any)';
  if (v && typeof v === 'object') return 'map(string)';
  return 'string';
}

function sourceName(b: Doc['builders'][number]): string {
  return (b.name ?? b.type).replace(/[^A-Za-z0-9_-]/g, '_');
}

/** HCL2 is typed: a field that takes "a string or a list" gets the list. */
function hclConfig(c: DocComponent): Record<string, unknown> {
  const out = { ...c.config };
  for (const k of c.listFields ?? []) if (typeof out[k] === 'string') out[k] = [out[k]];
  return out;
}

function component(kind: string, c: DocComponent, indent: string): string {
  return block(`${kind} ${hclString(c.type)}`, hclConfig(c), indent);
}

function toHcl(doc: Doc): string {
  const parts: string[] = [];
  for (const v of doc.variables) {
    const cfg: Record<string, unknown> = { type: new Raw(hclType(v.default)) };
    if (v.description) cfg.description = v.description;
    if (v.default !== null && v.default !== undefined) cfg.default = v.default;
    if (v.sensitive) cfg.sensitive = true;
    parts.push(block(`variable ${hclString(v.name)}`, cfg, ''));
  }
  for (const b of doc.builders) {
    const cfg = { ...(b.communicatorIsDefault ? {} : { communicator: b.communicator.type }), ...hclConfig(b), ...hclConfig(b.communicator) };
    parts.push(block(`source ${hclString(b.type)} ${hclString(sourceName(b))}`, cfg, ''));
  }
  const build: string[] = [];
  if (doc.description) build.push(`  description = ${hclString(doc.description)}`);
  build.push(`  sources = [${doc.builders.map((b) => hclString(`source.${b.type}.${sourceName(b)}`)).join(', ')}]`);
  for (const p of doc.provisioners) build.push('', component('provisioner', p, '  '));
  for (const chain of doc.postProcessors) {
    if (chain.length === 1) build.push('', component('post-processor', chain[0], '  '));
    else build.push('', `  post-processors {\n${chain.map((p) => component('post-processor', p, '    ')).join('\n')}\n  }`);
  }
  parts.push(`build {\n${build.join('\n')}\n}`);
  return parts.join('\n\n') + '\n';
}
