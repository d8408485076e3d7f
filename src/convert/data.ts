// YAML and Packer JSON files on either side of a conversion. Both hold Packer JSON's shape; YAML's
// comments before the top, a variable or a component are carried to (and from) the other formats.
import { Document, isMap, isSeq, parseDocument, type Node } from 'yaml';
import { parseDataText } from '../template/load-data.js';
import type { Comments, LegacyDoc } from './legacy-doc.js';

const lines = (c: string | null | undefined) => (c ? c.split('\n') : []);

export async function readData(text: string, file: string, format: 'json' | 'yaml'): Promise<{ doc: LegacyDoc; comments: Comments }> {
  const doc = (await parseDataText(text, file, format)) as LegacyDoc; // syntax errors placed in the file
  const comments: Comments = new Map();
  if (format === 'yaml') {
    const y = parseDocument(text);
    if (y.commentBefore) comments.set('', lines(y.commentBefore));
    if (isMap(y.contents)) {
      const first = y.contents.items[0];
      if (!y.commentBefore && first && (first.key as Node | null)?.commentBefore) comments.set('', lines((first.key as Node).commentBefore));
      for (const pair of y.contents.items) {
        const key = String((pair.key as { value?: unknown })?.value ?? '');
        // A comment above a collection's first entry is the collection's own.
        if (key === 'variables' && isMap(pair.value)) {
          const map = pair.value;
          map.items.forEach((v, i) => {
            const c = (v.key as Node | null)?.commentBefore ?? (i === 0 ? map.commentBefore : undefined);
            if (c) comments.set(`variables.${String((v.key as { value?: unknown }).value)}`, lines(c));
          });
        }
        if (['builders', 'provisioners', 'post-processors'].includes(key) && isSeq(pair.value)) {
          const seq = pair.value;
          seq.items.forEach((item, i) => {
            let c = (item as Node | null)?.commentBefore ?? (i === 0 ? seq.commentBefore : undefined);
            if (!c && isMap(item)) c = (item.items[0]?.key as Node | null)?.commentBefore;
            if (!c && isSeq(item)) c = (item.items[0] as Node | null)?.commentBefore;
            if (c) comments.set(`${key}.${i}`, lines(c));
          });
        }
      }
    }
  }
  return { doc, comments };
}

export function writeJson(doc: LegacyDoc, comments: Comments): string {
  // Packer JSON has no comments; its convention is a "_comment" key at the top, which Packer ignores.
  const top = comments.get('');
  const out = top?.length && doc._comment === undefined ? { _comment: top.map((l) => l.trim()).join('\n'), ...doc } : doc;
  return JSON.stringify(out, null, 2) + '\n';
}

export function writeYaml(doc: LegacyDoc, comments: Comments): string {
  const y = new Document(doc);
  const top = comments.get('');
  if (top?.length) y.commentBefore = top.join('\n');
  if (isMap(y.contents)) {
    for (const pair of y.contents.items) {
      const key = String((pair.key as { value?: unknown })?.value ?? '');
      if (key === 'variables' && isMap(pair.value)) {
        for (const v of pair.value.items) {
          const c = comments.get(`variables.${String((v.key as { value?: unknown }).value)}`);
          if (c && v.key) (v.key as Node).commentBefore = c.join('\n');
        }
      }
      if (['builders', 'provisioners', 'post-processors'].includes(key) && isSeq(pair.value)) {
        pair.value.items.forEach((item, i) => {
          const c = comments.get(`${key}.${i}`);
          if (c && item) (item as Node).commentBefore = c.join('\n');
        });
      }
    }
  }
  return y.toString({ indent: 2, lineWidth: 0 });
}
