// Parses .pkr.hcl files into hcl2json's shape: with our own parser (native/), which gives hcl2json's exact
// output and takes ~1 ms, or, where it is not sure (every syntax error among them), with hcl2json itself
// (@cdktf/hcl2json: HCL's Go parser in WebAssembly, 50-250 ms to start, so loaded only then), whose
// messages are HCL's own. Parses .pkr.json files as JSON, and turns parse errors into file:line:col problems.
import { TemplateErrors, type Problem } from '../../errors.js';
import { readTemplateText } from '../load.js';
import { scanHcl, type ScannedBlock } from './scan.js';
import { parseHclNative } from './native/index.js';

export interface HclDoc {
  file: string;
  body: Record<string, unknown>;
  /** Block headers with positions (empty for .pkr.json). */
  blocks: ScannedBlock[];
}

export async function parseHclText(file: string, text: string): Promise<Record<string, unknown>> {
  const native = parseHclNative(text);
  if (native) return native;
  const { hcl2jsonParse } = await import('./hcl2json-loader.js');
  let body: Record<string, unknown>;
  try {
    body = (await hcl2jsonParse(file, text)) as Record<string, unknown>;
  } catch (e) {
    throw new TemplateErrors(hclErrorProblems(file, e instanceof Error ? e.message : String(e)));
  }
  return body;
}

/** "parse config: [f.pkr.hcl:2,7-3,1: Summary; Detail.]" into problems with positions. */
export function hclErrorProblems(file: string, message: string): Problem[] {
  const body = message.replace(/^parse config: \[/, '').replace(/\]\s*$/, '');
  const re = /(?:^|\s)([^\s:][^:]*?):(\d+),(\d+)-\d+(?:,\d+)?: /g;
  const starts: { index: number; end: number; line: number; column: number }[] = [];
  for (let m = re.exec(body); m; m = re.exec(body)) starts.push({ index: m.index, end: m.index + m[0].length, line: Number(m[2]), column: Number(m[3]) });
  if (starts.length === 0) return [{ message: `HCL syntax error: ${body}`, pos: { file } }];
  return starts.map((s, k) => {
    const text = body.slice(s.end, k + 1 < starts.length ? starts[k + 1].index : undefined).trim().replace(/[,;]$/, '');
    return { message: `HCL syntax error: ${text}`, pos: { file, line: s.line, column: s.column } };
  });
}

export async function parseHclFiles(files: string[], firstText?: string): Promise<HclDoc[]> {
  const docs: HclDoc[] = [];
  const problems: Problem[] = [];
  for (const [k, file] of files.entries()) {
    const text = k === 0 && firstText !== undefined ? firstText : await readTemplateText(file);
    try {
      if (file.endsWith('.json')) {
        const { parseDataText } = await import('../load-data.js');
        const body = await parseDataText(text, file, 'json');
        if (!body || typeof body !== 'object' || Array.isArray(body)) {
          problems.push({ message: 'an HCL JSON template must be an object', pos: { file, line: 1, column: 1 } });
          continue;
        }
        docs.push({ file, body: body as Record<string, unknown>, blocks: [] });
      } else {
        docs.push({ file, body: await parseHclText(file, text), blocks: scanHcl(text) });
      }
    } catch (e) {
      if (e instanceof TemplateErrors) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length) throw new TemplateErrors(problems);
  return docs;
}
