// pack fmt beside packer fmt (Packer 1.6.6) on the corpus's HCL2 files copied into one folder, -check (one process
// each, every file read and formatted), and pack convert JSON -> HCL2 beside packer hcl2_upgrade.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { median } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pack = join(root, 'bin', 'pack');
const corpus = join(root, 'test/fixtures/corpus');
const work = mkdtempSync(join(tmpdir(), 'bench-fmt-'));
const env = { ...process.env, CHECKPOINT_DISABLE: '1' };

/** Wall time of a command that may exit non-zero (fmt -check exits 3 when a file needs formatting). */
function time(cmd, args, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return Number(process.hrtime.bigint() - start) / 1e6;
}

try {
  // Packer 1.6.6's fmt has no -recursive: one flat folder of every HCL2 file.
  const files = Object.keys(JSON.parse(readFileSync(join(corpus, 'index.json'), 'utf8')).fmt);
  mkdirSync(join(work, 'c'));
  files.forEach((f, k) => copyFileSync(join(corpus, f), join(work, 'c', `${k}.${f.endsWith('.pkrvars.hcl') ? 'pkrvars' : 'pkr'}.hcl`)));
  const runs = 5;
  const packFmt = median(Array.from({ length: runs }, () => time(process.execPath, [pack, 'fmt', '-check', 'c'], work)));
  const packerFmt = median(Array.from({ length: runs }, () => time('packer', ['fmt', '-check', 'c'], work)));
  console.log(`fmt -check over the corpus's ${files.length} HCL2 files: pack ${packFmt.toFixed(0)} ms, packer ${packerFmt.toFixed(0)} ms, ratio ${(packFmt / packerFmt).toFixed(2)}x`);

  const json = join(corpus, 'hashicorp__packer/command/test-fixtures/provisioners/provisioner-only-except.json');
  const packConv = median(Array.from({ length: runs }, () => time(process.execPath, [pack, 'convert', '-force', json, '-o', join(work, 'p.pkr.hcl')], work)));
  const packerConv = median(Array.from({ length: runs }, () => time('packer', ['hcl2_upgrade', '-output-file', join(work, 'q.pkr.hcl'), json], work)));
  console.log(`JSON -> HCL2 of one template: pack convert ${packConv.toFixed(0)} ms, packer hcl2_upgrade ${packerConv.toFixed(0)} ms, ratio ${(packConv / packerConv).toFixed(2)}x`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
