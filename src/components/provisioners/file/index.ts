import { makeDirs } from '../../../core/make-dirs.js';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ProvisionContext, ProvisionerFactory } from '../../../core/components.js';
import { resolveLocalPath } from '../../../template/local-path.js';
import { progressReporter } from '../../../core/transfer-progress.js';
import { copyLocal, writeLocal } from './local.js';

function sourcesOf(config: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof config.source === 'string' && config.source) out.push(config.source);
  const s = config.sources;
  if (s !== undefined) out.push(...(Array.isArray(s) ? s.map(String) : [String(s)]));
  return out;
}

/** Keeps a trailing slash through path resolution: it decides what a folder copy means. */
function local(p: string, ctx: ProvisionContext): string {
  const full = resolveLocalPath(p, ctx.templateDir);
  return p.endsWith('/') && !full.endsWith('/') ? `${full}/` : full;
}

export const provisioner: ProvisionerFactory = {
  summary(config) {
    const dst = String(config.destination ?? '');
    if (typeof config.content === 'string') return `content => ${dst}`;
    const arrow = config.direction === 'download' ? '<=' : '=>';
    return `${sourcesOf(config).join(', ')} ${arrow} ${dst}`;
  },
  create(config) {
    return { provision: (ctx) => provisionFile(config, ctx) };
  },
  // A download writes here: a cached run would skip that, so the cache stops before it.
  cacheInputs: (config) => (config.direction === 'download' ? null : typeof config.content === 'string' ? [] : sourcesOf(config)),
};

async function provisionFile(config: Record<string, unknown>, ctx: ProvisionContext): Promise<void> {
  const dst = String(config.destination ?? '');
  if (!dst) throw new Error('Destination must be specified.');
  const comm = ctx.comm;
  if (typeof config.content === 'string') {
    ctx.ui.say(`Uploading content => ${dst}`);
    if (!comm) return writeLocal(config.content, dst);
    const p = progressReporter(ctx.ui, `content => ${dst}`);
    await comm.uploadData(config.content, dst, { onProgress: p.onProgress, signal: ctx.signal });
    p.done();
    return;
  }
  const download = config.direction === 'download';
  for (const src of sourcesOf(config)) {
    if (download) {
      ctx.ui.say(`Downloading ${src} => ${dst}`);
      const target = local(dst, ctx);
      if (!comm) {
        await copyLocal(src, target, dst.endsWith('/'));
        continue;
      }
      const p = progressReporter(ctx.ui, `${src} => ${dst}`);
      if (src.endsWith('/')) {
        await comm.downloadDir(src, target, { onProgress: p.onProgress, signal: ctx.signal });
      } else {
        const file = dst.endsWith('/') ? join(target, basename(src)) : target;
        makeDirs(dirname(file));
        await comm.download(src, file, { onProgress: p.onProgress, signal: ctx.signal });
      }
      p.done();
      continue;
    }
    ctx.ui.say(`Uploading ${src} => ${dst}`);
    const from = local(src, ctx);
    let isDir: boolean;
    try {
      isDir = (await stat(from)).isDirectory();
    } catch {
      throw new Error(`Bad source '${src}': no such file or directory`);
    }
    if (!comm) {
      await copyLocal(from, dst, dst.endsWith('/'));
      continue;
    }
    const p = progressReporter(ctx.ui, `${src} => ${dst}`);
    if (isDir) await comm.uploadDir(from, dst, { onProgress: p.onProgress, signal: ctx.signal });
    else await comm.upload(from, dst.endsWith('/') ? `${dst}${basename(from)}` : dst, { onProgress: p.onProgress, signal: ctx.signal });
    p.done();
  }
}
