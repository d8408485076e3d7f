// `pack validate` for the builds Packer runs: `packer validate -only=...`, its errors read back
// into pack's problems. A template whose required_plugins Packer lacks gets `packer init` advice
// (or `packer init` itself, with -init).
import { execFile } from 'node:child_process';
import type { Problem } from '../errors.js';
import { UserError } from '../errors.js';
import type { BuildDef, Template } from '../template/model.js';
import { locatePacker } from './locate.js';
import { noPackerMessage, type PackerInvocation } from './index.js';
import { splitSensitive, withSensitiveVarFile } from './var-file.js';

export interface PackerValidateOptions extends PackerInvocation {
  /** Run `packer init` first when plugins are missing. */
  init: boolean;
}

interface Output {
  code: number | null;
  /** stdout, then stderr. */
  text: string;
  stdout: string;
}

function runPacker(path: string, args: string[]): Promise<Output> {
  return new Promise((resolve) => {
    execFile(path, args, { timeout: 5 * 60_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' } }, (err, stdout, stderr) => {
      // A non-zero exit gives its number as err.code; a spawn failure a string.
      const exit = (err as { code?: unknown } | null)?.code;
      resolve({ code: err ? (typeof exit === 'number' ? exit : 1) : 0, text: `${stdout}\n${stderr}`, stdout });
    });
  });
}

const MISSING_PLUGINS = /Missing plugins|packer init/i;
const PLUGINS_UNKNOWN = /Blocks of type "required_plugins" are not expected here/;

/** What to do when Packer's answer is about plugins rather than the template; undefined otherwise. */
export function pluginAdvice(text: string, version: string, templatePath: string): string | undefined {
  if (PLUGINS_UNKNOWN.test(text)) {
    return `this template's required_plugins need Packer 1.7 or later, and the Packer found is ${version}: install a newer Packer (or give its path with -packer=PATH)`;
  }
  if (MISSING_PLUGINS.test(text)) {
    return `Packer ${version} lacks plugins this template's required_plugins name: run "packer init ${templatePath}" (or pack validate -init), then validate again`;
  }
  return undefined;
}

export interface PackerVerdict {
  /** Packer's problems with these builds (none when it accepts them). */
  problems: Problem[];
  /** When it accepts them: the warnings it printed (its components' prepare warnings), as it printed them; "" for none. */
  warnings: string;
}

export async function packerValidate(template: Template, builds: BuildDef[], opts: PackerValidateOptions): Promise<PackerVerdict> {
  const verdict = (problems: Problem[], warnings = '') => ({ problems, warnings });
  if (builds.length === 0) return verdict([]);
  const packer = locatePacker(opts.packerFlag, opts.env);
  if (!packer) throw new UserError(noPackerMessage(builds, opts.engine));
  const { sensitive, plain } = splitSensitive(template, opts.vars);
  const validate = () =>
    withSensitiveVarFile(sensitive, (file) =>
      runPacker(packer.path, [
        'validate',
        `-only=${builds.map((b) => b.name).join(',')}`,
        ...plain.flatMap(([k, v]) => ['-var', `${k}=${v}`]),
        ...opts.varFiles.map((f) => `-var-file=${f}`),
        ...(file ? [`-var-file=${file}`] : []),
        opts.templatePath,
      ]),
    );
  let out = await validate();
  if (out.code !== 0 && opts.init && MISSING_PLUGINS.test(out.text) && !PLUGINS_UNKNOWN.test(out.text)) {
    const init = await runPacker(packer.path, ['init', opts.templatePath]);
    if (init.code !== 0) {
      return verdict([{ message: `packer init failed (Packer ${await packer.version}):\n${init.text.trim()}`, pos: { file: template.path } }]);
    }
    out = await validate();
  }
  // Packer's validate prints nothing else on stdout when it accepts the builds.
  if (out.code === 0) return verdict([], out.stdout.startsWith('Warning: ') ? out.stdout : '');
  const advice = pluginAdvice(out.text, await packer.version, opts.templatePath);
  if (advice) return verdict([{ message: advice, pos: { file: template.path }, ownWords: true }]);
  return verdict(packerProblems(out.text, template, builds));
}

/**
 * Reads `packer validate`'s text: "Error: Failed to prepare build: "NAME"" blocks with "* ..." items
 * (one problem each, placed at the build), and HCL diagnostics ("Error: summary", "on FILE line N:").
 */
export function packerProblems(text: string, template: Template, builds: BuildDef[]): Problem[] {
  const problems: Problem[] = [];
  const blocks = text.split(/^(?=Error: )/m).filter((b) => b.startsWith('Error: '));
  for (const block of blocks) {
    const build = /^Error: Failed to prepare build: "([^"]*)"/.exec(block)?.[1];
    if (build !== undefined) {
      const def = builds.find((b) => b.name === build);
      const items = block.split(/^\* /m).slice(1);
      for (const item of items.length ? items : [block.replace(/^Error: /, '')]) {
        const message = item.replace(/\n\s*\n[\s\S]*$/, '').replace(/\n\s+/g, ' ').trim();
        problems.push({ message: `${message} (packer validate)`, pos: def?.pos ?? { file: template.path }, field: `build "${build}"` });
      }
      continue;
    }
    // A template-level list ("Error: \n\nN error(s) occurred:\n\t* ..."): one problem per item.
    const listed = /^\s*\d+ errors? occurred:/m.test(block) ? block.split(/^\s*\* /m).slice(1) : [];
    if (listed.length > 0) {
      for (const item of listed) problems.push({ message: `${item.replace(/\n\s*\n[\s\S]*$/, '').replace(/\n\s+/g, ' ').trim()} (packer validate)`, pos: { file: template.path } });
      continue;
    }
    const at = /on (\S+) line (\d+)/.exec(block);
    const lines = block
      .replace(/^Error: /, '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !/^on \S+ line \d+/.test(l) && !/^\d+:/.test(l) && l !== '(source code not available)');
    problems.push({ message: `${lines.join(': ')} (packer validate)`, pos: at ? { file: at[1], line: Number(at[2]) } : { file: template.path } });
  }
  if (problems.length === 0) problems.push({ message: `packer validate failed:\n${text.trim()}`, pos: { file: template.path } });
  return problems;
}
