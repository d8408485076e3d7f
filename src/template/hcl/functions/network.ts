// IP network functions: cidrhost, cidrnetmask, cidrsubnet, cidrsubnets (IPv4 and IPv6).
import { def, p, FunctionError, type HclFunc } from './args.js';

interface Net {
  bits: 32 | 128;
  addr: bigint;
  prefix: number;
}

function parseIp(text: string): { bits: 32 | 128; addr: bigint } | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((x) => x > 255)) return undefined;
    return { bits: 32, addr: parts.reduce((a, x) => (a << 8n) | BigInt(x), 0n) };
  }
  if (!text.includes(':')) return undefined;
  const [head, tail] = text.split('::');
  if (text.split('::').length > 2) return undefined;
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { bits: 128, addr: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

function parseCidr(text: string): Net {
  const m = /^(.+)\/(\d+)$/.exec(text);
  const ip = m && parseIp(m[1]);
  if (!m || !ip || Number(m[2]) > ip.bits) throw new FunctionError(`invalid CIDR expression: invalid CIDR address: ${text}`);
  const prefix = Number(m[2]);
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(ip.bits - prefix);
  return { bits: ip.bits, addr: ip.addr & mask, prefix };
}

function ipText(bits: number, addr: bigint): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((addr >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((addr >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // The longest run of zero groups (two or more) becomes "::".
  let best = -1;
  let len = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > len && j - i >= 2) [best, len] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(':');
  return groups.slice(0, best).join(':') + '::' + groups.slice(best + len).join(':');
}

function subnet(net: Net, newbits: number, num: number): Net {
  const prefix = net.prefix + newbits;
  if (prefix > net.bits) throw new FunctionError(`insufficient address space to extend prefix of ${net.prefix} by ${newbits}`);
  if (num < 0 || BigInt(num) >= 1n << BigInt(newbits)) throw new FunctionError(`prefix extension of ${newbits} does not accommodate a subnet numbered ${num}`);
  return { bits: net.bits, addr: net.addr | (BigInt(num) << BigInt(net.bits - prefix)), prefix };
}

export const networkFunctions: Record<string, HclFunc> = {
  cidrhost: def('cidrhost', [p('prefix', 'string'), p('hostnum', 'number')], undefined, (c: string, n: number) => {
    const net = parseCidr(c);
    const size = 1n << BigInt(net.bits - net.prefix);
    const k = BigInt(Math.trunc(n));
    if (k >= size || -k > size) throw new FunctionError(`prefix of ${net.prefix} does not accommodate a host numbered ${n}`);
    return ipText(net.bits, net.addr + (k < 0 ? size + k : k));
  }),
  cidrnetmask: def('cidrnetmask', [p('prefix', 'string')], undefined, (c: string) => {
    const net = parseCidr(c);
    if (net.bits !== 32) throw new FunctionError('only IPv4 networks have a netmask');
    return ipText(32, ((1n << BigInt(net.prefix)) - 1n) << BigInt(32 - net.prefix));
  }),
  cidrsubnet: def('cidrsubnet', [p('prefix', 'string'), p('newbits', 'number'), p('netnum', 'number')], undefined, (c: string, b: number, n: number) => {
    const s = subnet(parseCidr(c), b, n);
    return `${ipText(s.bits, s.addr)}/${s.prefix}`;
  }),
  cidrsubnets: def('cidrsubnets', [p('prefix', 'string')], p('newbits', 'number'), (c: string, ...bits: number[]) => {
    const net = parseCidr(c);
    let next = net.addr;
    const end = net.addr + (1n << BigInt(net.bits - net.prefix));
    return bits.map((b, i) => {
      const prefix = net.prefix + b;
      if (b < 1 || prefix > net.bits) throw new FunctionError(`invalid newbits value ${b} for argument ${i + 2}`);
      const size = 1n << BigInt(net.bits - prefix);
      next = ((next + size - 1n) / size) * size;
      if (next + size > end) throw new FunctionError(`not enough remaining address space for a subnet with a prefix of ${prefix} bits after ${ipText(net.bits, next - 1n)}`);
      const out = `${ipText(net.bits, next)}/${prefix}`;
      next += size;
      return out;
    });
  }),
};
