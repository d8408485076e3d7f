// What the components' checks warn about (CheckContext.warn), and how Packer 1.6.6 prints such warnings:
// as HCL diagnostics (hcl's text writer, 80 columns), on stdout, by `packer validate` and before a build starts.
import { readFileSync } from 'node:fs';
import type { SourcePos, Template } from './model.js';

export interface BuildWarning {
  /** The build's name ("file", "par.file.x"). */
  build: string;
  message: string;
  /** The component's place (HCL2 diagnostics name it). */
  pos?: SourcePos;
}

/**
 * The warnings as Packer prints them. JSON: `Warning: Warning when preparing build: "NAME"` with the message
 * as detail, builds in name order (Packer's order). HCL2: the message as summary, with the block's place
 * and line (Packer 1.6.6 names the place but says "(source code not available)"; pack shows the line).
 * Ends with the blank line Packer's `ui.Say` adds; "" for none.
 */
export function formatBuildWarnings(format: Template['format'], warnings: readonly BuildWarning[]): string {
  if (warnings.length === 0) return '';
  if (format === 'hcl') return warnings.map(hclWarning).join('') + '\n';
  const byName = [...warnings].sort((a, b) => (a.build < b.build ? -1 : a.build > b.build ? 1 : 0));
  return byName.map((w) => `Warning: Warning when preparing build: ${JSON.stringify(w.build)}\n\n${wrapDetail(w.message)}\n\n`).join('') + '\n';
}

function hclWarning(w: BuildWarning): string {
  let text = `Warning: ${w.message}\n\n`;
  if (w.pos?.line !== undefined) {
    text += `  on ${w.pos.file} line ${w.pos.line}:\n`;
    const line = sourceLine(w.pos.file, w.pos.line);
    if (line !== undefined) text += `${String(w.pos.line).padStart(4)}: ${line}\n`;
    text += '\n';
  }
  return text;
}

function sourceLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/)[line - 1];
  } catch {
    return undefined; // the place is still named
  }
}

/**
 * hcl's writer wraps each line of a detail at 79 columns (go-wordwrap: breaks at spaces only, a longer word
 * stays whole). Written here rather than taken from wrap-ansi, whose breaks differ and which the validate
 * bundle does not load.
 */
export function wrapDetail(text: string, limit = 79): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current === '') current = word;
        else if (current.length + 1 + word.length > limit) {
          out.push(current);
          current = word;
        } else current += ` ${word}`;
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}
