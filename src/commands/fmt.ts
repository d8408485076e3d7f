// `pack fmt`: rewrites templates in the canonical layout (as `packer fmt`, plus YAML and JSON).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { parseFlags, flagsHelp, type FlagSpecs } from '../cli/args.js';
import { UserError, TemplateErrors, type Problem } from '../errors.js';
import { fmtKind, formatText } from '../template/fmt/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { readFolder, readRegularFile, unreadableReason } from '../template/read-file.js';

const FLAGS = {
  check: { type: 'boolean', multiple: false, description: 'Only check: list the files that are not formatted, exit 3 if any' },
  diff: { type: 'boolean', multiple: false, description: 'Show the changes as a diff' },
  write: { type: 'boolean', multiple: false, default: true, description: 'Write the result to the files (-write=false only names the files that would change, as packer fmt)' },
  recursive: { type: 'boolean', multiple: false, description: 'Also format the templates in subfolders' },
} satisfies FlagSpecs;

export function help(): string {
  return `Usage: pack fmt [flags] FILE|FOLDER...

  Rewrites templates in their canonical layout: YAML (comments kept), JSON
  (two-space indent) and HCL2 (.pkr.hcl, .pkrvars.hcl, aligned "=" as packer fmt).
  Prints the name of each file it changed. Exit 3 with -check when a file needs formatting.

${flagsHelp(FLAGS)}`;
}

async function collect(paths: string[], recursive: boolean): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      throw new UserError(`Error: "${p}" ${unreadableReason(err)}`);
    }
    if (!st.isDirectory()) {
      if (!fmtKind(p)) throw new UserError(`Error: "${p}" is not a template pack can format (.yaml, .yml, .json, .pkr.hcl, .pkrvars.hcl)`);
      out.push(p);
      continue;
    }
    for (const e of (await readFolder(p)).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(p, e.name);
      if (e.isDirectory() && recursive && !e.name.startsWith('.') && e.name !== 'node_modules') out.push(...(await collect([full], true)));
      else if (e.isFile() && fmtKind(e.name) === 'hcl') out.push(full);
      else if (e.isFile() && fmtKind(e.name) && recursive) out.push(full);
    }
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags('fmt', argv, FLAGS);
  if (positionals.length === 0) throw new UserError("Error: give the files or folders to format, e.g. pack fmt template.yaml\nRun 'pack help fmt' for usage.");
  const files = await collect(positionals, flags.recursive === true);
  const problems: Problem[] = [];
  let unformatted = 0;
  for (const file of files) {
    const text = await readRegularFile(file);
    let formatted: string;
    try {
      formatted = await formatText(text, file, fmtKind(file)!);
    } catch (e) {
      if (e instanceof TemplateErrors) {
        problems.push(...e.problems);
        continue;
      }
      throw e;
    }
    if (formatted === text) continue;
    unformatted++;
    // As packer fmt: each file that is (or would be) changed by name, then its diff when asked.
    process.stdout.write(file + '\n');
    if (flags.diff) process.stdout.write(unifiedDiff(file, text, formatted));
    if (flags.check || flags.write === false) continue;
    // Through a symbolic link to the file it names (the link stays), keeping the file's mode.
    await writeFileAtomic(file, formatted);
  }
  if (problems.length) throw new TemplateErrors(problems);
  return flags.check && unformatted > 0 ? 3 : 0;
}

/** packer fmt's diff: `--- old/FILE`, `+++ new/FILE`, then the hunks (no Index or ==== lines). */
function unifiedDiff(file: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`old/${file}`, `new/${file}`, before, after);
  return patch.slice(patch.indexOf('--- '));
}
