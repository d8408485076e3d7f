// Go's RE2 syntax (what go-cty's regex functions take) into JavaScript RegExp, and Go's $1/${name}
// replacement expansion. RE2 is close to JS; the differences templates meet are translated here.

const POSIX: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\t\\n\\v\\f\\r ',
  xdigit: '0-9A-Fa-f',
  word: 'A-Za-z0-9_',
  punct: '!-\\/:-@\\[-`{-~',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  ascii: '\\x00-\\x7f',
};

export function goRegExp(pattern: string, flags: string): RegExp {
  let src = pattern;
  let extra = '';
  // Leading flag groups: (?i), (?s), (?m), (?is)...
  for (let m = /^\(\?([imsU]+)\)/.exec(src); m; m = /^\(\?([imsU]+)\)/.exec(src)) {
    if (m[1].includes('U')) throw new Error('the (?U) flag is not supported by pack');
    extra += m[1];
    src = src.slice(m[0].length);
  }
  src = src
    .replace(/\\Q([\s\S]*?)(\\E|$)/g, (_, lit: string) => lit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (all, neg: string, name: string) => {
      const set = POSIX[name];
      if (!set) return all;
      if (neg) throw new Error(`negated class [:^${name}:] is not supported by pack`);
      return set;
    })
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\\A/g, '^(?<![\\s\\S])');
  const unicode = /\\[pP]/.test(src);
  if (unicode) src = src.replace(/\\([pP])([A-Z])/g, '\\$1{$2}');
  const all = [...new Set((flags + extra + (unicode ? 'u' : '')).split(''))].join('');
  try {
    return new RegExp(src, all);
  } catch (e) {
    throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

/** Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$; a name is as long as possible ($1x is ${1x}). */
export function expandGoReplacement(template: string, nums: (string | undefined)[], names: Record<string, string | undefined> | undefined): string {
  return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (all, braced: string | undefined, bare: string | undefined) => {
    if (all === '$$') return '$';
    const name = braced ?? bare!;
    if (/^\d+$/.test(name)) return nums[Number(name)] ?? '';
    return names?.[name] ?? '';
  });
}
