// What goes in a box for each provider pack can box: the provider's Vagrantfile part, metadata.json,
// and the files taken from the artifact (name in the box -> local path).
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Artifact } from '../../../core/components.js';
import { BUILDER_ID as QEMU_ID } from '../../builders/qemu/index.js';
import { BUILDER_ID as DOCKER_ID, IMPORT_ID, TAG_ID } from '../../../docker/artifacts.js';

export const ARTIFICE_ID = 'packer.post-processor.artifice';
const DOCKER_PUSH_ID = 'packer.post-processor.docker-push';

/** Builder ids pack boxes, and the provider each implies (Packer's table, plus the docker builder's own images). */
export const PROVIDER_OF: Record<string, string> = {
  [QEMU_ID]: 'libvirt',
  [IMPORT_ID]: 'docker',
  [TAG_ID]: 'docker',
  [DOCKER_PUSH_ID]: 'docker',
  [DOCKER_ID]: 'docker',
};

export const BOXABLE = 'qemu disks (libvirt), docker images (docker builder with commit, docker-import, docker-tag, docker-push) and artifice files with provider_override libvirt or docker';

export interface BoxContents {
  vagrantfile: string;
  metadata: Record<string, unknown>;
  files: { name: string; path: string }[];
}

export function boxContents(provider: string, artifact: Artifact): BoxContents {
  if (provider === 'libvirt') return libvirt(artifact);
  if (provider === 'docker') return docker(artifact);
  throw new Error(`pack cannot make '${provider}' boxes; it boxes ${BOXABLE}`);
}

function libvirt(artifact: Artifact): BoxContents {
  const state = artifact.state ?? {};
  const disk = diskOf(artifact);
  const probed = probeDisk(disk);
  const format = typeof state.diskType === 'string' ? state.diskType : probed.format;
  const megabytes = state.diskSize !== undefined ? sizeInMegabytes(String(state.diskSize)) : Math.ceil(probed.virtualBytes / 1024 / 1024);
  // Vagrant wants whole gigabytes, never less than the disk.
  const gigabytes = Math.ceil(megabytes / 1024);
  const domain = typeof state.domainType === 'string' ? state.domainType : 'kvm';
  const driver = domain === 'kvm' ? 'kvm' : 'qemu';
  return {
    vagrantfile: `\nVagrant.configure("2") do |config|\n  config.vm.provider :libvirt do |libvirt|\n    libvirt.driver = "${driver}"\n  end\nend\n`,
    metadata: { provider: 'libvirt', format, virtual_size: gigabytes },
    files: [{ name: 'box.img', path: disk }],
  };
}

/** The disk among the artifact's files: named after the artifact's id (the qemu vm_name), or the only file. */
function diskOf(artifact: Artifact): string {
  const named = artifact.files.find((f) => basename(f) === artifact.id);
  if (named) return named;
  const images = artifact.files.filter((f) => /\.(img|qcow2|raw)$/i.test(f));
  if (images.length === 1) return images[0];
  if (artifact.files.length === 1) return artifact.files[0];
  throw new Error(`cannot tell which of the artifact's ${artifact.files.length} files is the disk to box: ${artifact.files.join(', ') || 'none'}`);
}

/** qcow2 says so in its header (with its virtual size); anything else is taken as raw. */
function probeDisk(path: string): { format: string; virtualBytes: number } {
  const head = Buffer.alloc(32);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 32, 0);
  } finally {
    closeSync(fd);
  }
  if (head.subarray(0, 4).toString('latin1') === 'QFI\xfb') return { format: 'qcow2', virtualBytes: Number(head.readBigUInt64BE(24)) };
  return { format: 'raw', virtualBytes: statSync(path).size };
}

/** A qemu size ("40960M", "20G", 10240) in megabytes; a bare number is megabytes. */
export function sizeInMegabytes(size: string): number {
  const m = /^(\d+)\s*([bkmgtpe]?)$/i.exec(size.trim());
  if (!m) throw new Error(`disk_size "${size}" is not a size (examples: 10240, 20G)`);
  const value = Number(m[1]);
  const shift = { b: -2, k: -1, m: 0, g: 1, t: 2, p: 3, e: 4 }[(m[2] || 'm').toLowerCase() as 'm'];
  return shift < 0 ? Math.floor(value / 1024 ** -shift) : value * 1024 ** shift;
}

function docker(artifact: Artifact): BoxContents {
  if (!artifact.id || artifact.files.length > 0) {
    throw new Error(`the docker provider boxes an image, and this artifact is not one (${artifact.string()}): use commit: true, or docker-import`);
  }
  return {
    vagrantfile: `\nVagrant.configure("2") do |config|\n\tconfig.vm.provider :docker do |docker, override|\n\t\tdocker.image = "${artifact.id}"\n\tend\nend\n`,
    metadata: { provider: 'docker' },
    files: [],
  };
}
