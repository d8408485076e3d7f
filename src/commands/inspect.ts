// `pack inspect`: description, variables (sensitive ones masked), builds, provisioners, post-processors,
// in the layout of `packer inspect`.
import { parseFlags, flagsHelp, type FlagSpecs } from '../cli/args.js';
import { loadTemplate, prepareTemplate, parseVarFlag, type Template } from '../template/index.js';
import { templateArg } from './validate.js';
import { SENSITIVE_MASK } from '../core/redact.js';
import type { BuildDef } from '../template/model.js';
import { componentsPackLacks } from '../packer-engine/needs-packer.js';
import { escapeMachine } from '../output/machine.js';

const FLAGS = {
  var: { type: 'string', multiple: true, value: 'NAME=VALUE', description: 'Set a template variable' },
  'var-file': { type: 'string', multiple: true, value: 'FILE', description: 'Read variables from a JSON, YAML or .pkrvars.hcl file' },
  'machine-readable': { type: 'boolean', multiple: false, description: "Packer's machine-readable lines: template-variable, template-builder, template-provisioner rows and the report" },
} satisfies FlagSpecs;

export function help(): string {
  return `Usage: pack inspect [flags] TEMPLATE

  Shows the template's description, variables (sensitive values masked), builds,
  provisioners and post-processors. Builds that run through Packer (components pack
  does not implement) are marked so; \`pack validate\` asks Packer to check them.

${flagsHelp(FLAGS)}`;
}

/** Builds with components pack lacks run through Packer: say so, and which. */
const viaPacker = (b: BuildDef) => {
  const lacks = componentsPackLacks(b);
  return lacks.length ? `  [runs through Packer: ${lacks.map((c) => c.type).join(', ')}]` : '';
};

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function legacyReport(t: Template): string {
  const out: string[] = [`Pack Inspect: ${t.format === 'yaml' ? 'YAML' : 'JSON'} mode`];
  if (t.description) out.push('Description:', '', t.description, '');
  const vars = Object.values(t.variables).sort((a, b) => a.name.localeCompare(b.name));
  const required = vars.filter((v) => v.required);
  const optional = vars.filter((v) => !v.required);
  if (required.length) out.push('Required variables:', '', ...required.map((v) => `  ${v.name}`), '');
  if (optional.length) {
    const w = Math.max(...optional.map((v) => v.name.length)) + 1;
    out.push('Optional variables and their defaults:', '', ...optional.map((v) => `  ${v.name.padEnd(w)} = ${v.sensitive ? SENSITIVE_MASK : show(v.default)}`), '');
  }
  if (!vars.length) out.push('Variables:', '', '  <No variables>', '');
  const w = Math.max(...t.builds.map((b) => b.name.length)) + 1;
  out.push('Builders:', '', ...t.builds.map((b) => (b.name === b.builderType ? `  ${b.name}` : `  ${b.name.padEnd(w)} (${b.builderType})`) + viaPacker(b)), '');
  const first = t.builds[0];
  out.push('Provisioners:', '');
  out.push(...(first?.provisioners.length ? first.provisioners.map((p) => `  ${p.type}${p.only ? `  (only: ${p.only.join(', ')})` : ''}${p.except ? `  (except: ${p.except.join(', ')})` : ''}`) : ['  <No provisioners>']), '');
  out.push('Post-processors:', '');
  if (first?.postProcessors.length) first.postProcessors.forEach((chain, i) => out.push(`  ${i}:`, ...chain.map((p) => `    ${p.type}`)));
  else out.push('  <No post-processors>');
  out.push('', "Note: values that use template functions such as 'timestamp' are shown in their raw form here.");
  return out.join('\n');
}

function hclReport(t: Template, values: Record<string, unknown> | undefined, locals: Record<string, unknown> | undefined): string {
  const out: string[] = ['Pack Inspect: HCL2 mode', '', '> input-variables:', ''];
  for (const v of Object.values(t.variables).sort((a, b) => a.name.localeCompare(b.name))) {
    const value = v.sensitive ? SENSITIVE_MASK : values && v.name in values ? show(values[v.name]) : v.required ? '<required>' : show(v.default);
    out.push(`var.${v.name}: ${JSON.stringify(value)}${v.description ? `  # ${v.description}` : ''}`);
  }
  out.push('', '> local-variables:', '');
  for (const [k, l] of Object.entries(t.locals ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`local.${k}: ${JSON.stringify(show(locals && k in locals ? locals[k] : l.value))}`);
  }
  out.push('', '> builds:', '');
  for (const b of t.builds) {
    out.push(`  > ${b.name}:${viaPacker(b)}`, '', `    provisioners:`, '');
    out.push(...(b.provisioners.length ? b.provisioners.map((p) => `      ${p.type}`) : ['      <none>']), '', '    post-processors:', '');
    if (b.postProcessors.length) b.postProcessors.forEach((chain, i) => out.push(`      ${i}:`, ...chain.map((p) => `        ${p.type}`)));
    else out.push('      <none>');
    out.push('');
  }
  return out.join('\n');
}

/** A line of Packer's -machine-readable format (empty target). */
const machineLine = (type: string, ...data: (string | number)[]) =>
  `${Math.floor(Date.now() / 1000)},,${type},${data.map((d) => escapeMachine(String(d))).join(',')}\n`;

/** The rows `packer inspect -machine-readable` gives a JSON template (HCL2: none), then the report as ui say. */
function machineReport(t: Template, report: string): string {
  const rows: string[] = [];
  if (t.format !== 'hcl') {
    // Required ones first, as in the report; each group by name.
    const vars = Object.values(t.variables).sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));
    for (const v of vars) {
      rows.push(machineLine('template-variable', v.name, v.required ? '' : v.sensitive ? SENSITIVE_MASK : show(v.default ?? ''), v.required ? 1 : 0));
    }
    for (const b of t.builds) rows.push(machineLine('template-builder', b.name, b.builderType));
    for (const p of t.builds[0]?.provisioners ?? []) rows.push(machineLine('template-provisioner', p.type));
  }
  return rows.join('') + machineLine('ui', 'say', report);
}

export async function run(argv: string[]): Promise<number> {
  const { flags, positionals, swallowed } = parseFlags('inspect', argv, FLAGS);
  const path = templateArg('inspect', positionals, swallowed);
  const vars = flags.var.map(parseVarFlag);
  const template = await loadTemplate(path);
  const machine = flags['machine-readable'] === true;
  if (template.format !== 'hcl') {
    const report = legacyReport(template);
    process.stdout.write(machine ? machineReport(template, report) : report + '\n');
    return 0;
  }
  // Values are worth showing when the template prepares; a required variable left unset is not an error here.
  let values: Record<string, unknown> | undefined;
  let shown = template;
  try {
    const p = await prepareTemplate(path, { vars, varFiles: flags['var-file'], env: process.env });
    values = p.variables;
    shown = p.template;
  } catch {
    values = undefined;
  }
  const locals = values ? Object.fromEntries(Object.entries(shown.locals ?? {}).map(([k, l]) => [k, l.value])) : undefined;
  const report = hclReport(shown, values, locals);
  process.stdout.write(machine ? machineReport(shown, report) : report + '\n');
  return 0;
}
