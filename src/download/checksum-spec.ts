// Parses Packer's checksum forms (iso_checksum and the like): "none", "type:hex", "file:URL-or-path", a bare hex
// value whose length gives the type, and "type:file:..." (the algorithm of a checksum file).

export type ChecksumAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['md5', 'sha1', 'sha256', 'sha512'];

const BY_HEX_LENGTH: Record<number, ChecksumAlgorithm> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

export type ChecksumSpec =
  | { kind: 'none' }
  | { kind: 'value'; algorithm: ChecksumAlgorithm; hex: string }
  /** The value is read from a checksum file (SHA256SUMS style), found by the ISO's file name. */
  | { kind: 'file'; algorithm?: ChecksumAlgorithm; source: string };

/** Returns the parsed spec, or a message saying what is wrong (Packer's verdicts). */
export function parseChecksum(text: string, field = 'iso_checksum'): ChecksumSpec | string {
  const raw = text.trim();
  if (raw === '') return `${field}: a checksum must be specified ("sha256:HEX", "file:URL" or "none")`;
  if (raw === 'none') return { kind: 'none' };
  // Packer reads only the lower-case word; "NONE" would be taken for a hex value.
  if (raw.toLowerCase() === 'none') return `${field}: invalid checksum "${raw}": write "none" in lower case`;
  if (raw.startsWith('file:')) return { kind: 'file', source: raw.slice('file:'.length) };
  const colon = raw.indexOf(':');
  if (colon < 0) {
    const algorithm = BY_HEX_LENGTH[raw.length];
    if (!algorithm) return `${field}: unknown type for checksum "${raw}": write it as "sha256:${raw}"`;
    const bad = hexProblem(raw);
    return bad ? `${field}: invalid checksum "${raw}": ${bad}` : { kind: 'value', algorithm, hex: raw.toLowerCase() };
  }
  const type = raw.slice(0, colon).toLowerCase();
  const rest = raw.slice(colon + 1);
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(type)) {
    return `${field}: unsupported checksum type "${type}" (use one of ${CHECKSUM_ALGORITHMS.join(', ')})`;
  }
  const algorithm = type as ChecksumAlgorithm;
  if (rest.startsWith('file:')) return { kind: 'file', algorithm, source: rest.slice('file:'.length) };
  // A URL after the type ("sha256:http://.../SUMS") is a checksum file too.
  if (/^[a-z]+:\/\//i.test(rest) || rest.startsWith('./') || rest.startsWith('/')) {
    return { kind: 'file', algorithm, source: rest };
  }
  const bad = hexProblem(rest);
  return bad ? `${field}: invalid checksum "${raw}": ${bad}` : { kind: 'value', algorithm, hex: rest.toLowerCase() };
}

function hexProblem(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]*$/.test(hex)) return 'it is not hexadecimal';
  if (hex.length % 2 !== 0) return 'odd length hex string';
  if (hex.length === 0) return 'the value is empty';
  return undefined;
}
