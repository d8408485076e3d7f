// Splits HCL2 source into the tokens the formatter spaces and aligns. Whitespace between tokens is
// dropped (the formatter decides it); every other byte of the source belongs to exactly one token,
// so joining the texts with new spacing never changes a string, a comment or a heredoc body.

export type TokType =
  | 'ident' | 'number' | 'newline' | 'comment' | 'invalid'
  | 'oquote' | 'cquote' | 'lit' // "..." and the literal parts of a template
  | 'interp' | 'control' | 'seqend' // ${ %{ and the } that ends them
  | 'oheredoc' | 'cheredoc'
  | 'obrace' | 'cbrace' | 'obrack' | 'cbrack' | 'oparen' | 'cparen'
  | 'dot' | 'comma' | 'ellipsis' | 'colon' | 'question' | 'equal' | 'arrow'
  | 'plus' | 'minus' | 'star' | 'slash' | 'percent' | 'bang'
  | 'eqop' | 'neop' | 'lt' | 'le' | 'gt' | 'ge' | 'and' | 'or';

export interface Tok {
  type: TokType;
  text: string;
  /** Offset of the token's first character in the source (the native HCL parser slices expressions by it). */
  start: number;
}

const OPERATORS: [string, TokType][] = [
  ['...', 'ellipsis'], ['==', 'eqop'], ['!=', 'neop'], ['<=', 'le'], ['>=', 'ge'], ['&&', 'and'], ['||', 'or'], ['=>', 'arrow'],
  ['{', 'obrace'], ['}', 'cbrace'], ['[', 'obrack'], [']', 'cbrack'], ['(', 'oparen'], [')', 'cparen'],
  ['.', 'dot'], [',', 'comma'], [':', 'colon'], ['?', 'question'], ['=', 'equal'], ['+', 'plus'], ['-', 'minus'],
  ['*', 'star'], ['/', 'slash'], ['%', 'percent'], ['!', 'bang'], ['<', 'lt'], ['>', 'gt'],
];

const IDENT = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_-]*/uy;
/** Most identifiers are ASCII: this one is far cheaper to run than IDENT's Unicode classes. */
const ASCII_IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEREDOC = /<<(-?)([\p{L}_][\p{L}\p{Nd}_-]*)(\r?\n)/uy;

export function lexHcl(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const push = (type: TokType, end: number) => {
    toks.push({ type, text: src.slice(i, end), start: i });
    i = end;
  };
  const match = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(src);
  };

  /** Expression tokens until the end of input, or until the "}" that closes an interpolation. */
  function expression(inTemplate: boolean): void {
    let braces = 0;
    while (i < src.length) {
      const c = src[i];
      // A CR ends a line only in CRLF. Alone it is no whitespace but, as HCL's scanner has it, an invalid
      // character: Packer 1.6.6's fmt refuses such a file (pack fmt parses first and refuses it too); in a
      // comment a lone CR is comment text.
      if (c === ' ' || c === '\t') {
        i++;
        continue;
      }
      if (c === '\n' || (c === '\r' && src[i + 1] === '\n')) {
        push('newline', i + (c === '\r' ? 2 : 1));
        continue;
      }
      if (inTemplate && braces === 0 && (c === '}' || src.startsWith('~}', i))) {
        push('seqend', i + (c === '~' ? 2 : 1));
        return;
      }
      if (c === '#' || src.startsWith('//', i)) {
        const nl = src.indexOf('\n', i);
        push('comment', nl < 0 ? src.length : nl + 1);
        continue;
      }
      if (src.startsWith('/*', i)) {
        const end = src.indexOf('*/', i + 2);
        push('comment', end < 0 ? src.length : end + 2);
        continue;
      }
      if (c === '"') {
        push('oquote', i + 1);
        template('"');
        continue;
      }
      const hd = c === '<' && src[i + 1] === '<' ? match(HEREDOC) : null;
      if (hd) {
        push('oheredoc', i + hd[0].length);
        heredoc(hd[2]);
        continue;
      }
      const num = c >= '0' && c <= '9' ? match(NUMBER) : null;
      if (num) {
        push('number', i + num[0].length);
        continue;
      }
      // The ASCII match stands when the identifier does not go on in non-ASCII letters.
      const ascii = match(ASCII_IDENT);
      const id = ascii && !(src.charCodeAt(i + ascii[0].length) > 127) ? ascii : c.charCodeAt(0) > 127 || ascii ? match(IDENT) : null;
      if (id) {
        push('ident', i + id[0].length);
        continue;
      }
      const op = OPERATORS.find(([s]) => src.startsWith(s, i));
      if (!op) {
        push('invalid', i + 1);
        continue;
      }
      if (op[1] === 'obrace') braces++;
      if (op[1] === 'cbrace') braces--;
      push(op[1], i + op[0].length);
    }
  }

  /** Literal parts and ${ } / %{ } sequences up to the closing quote (or a heredoc line's end). */
  function template(close: '"' | '\n'): void {
    let start = i;
    const flush = () => {
      if (i > start) toks.push({ type: 'lit', text: src.slice(start, i), start });
    };
    while (i < src.length) {
      const c = src[i];
      if (close === '"' && c === '\\') {
        i += 2;
        continue;
      }
      if (src.startsWith('$${', i) || src.startsWith('%%{', i)) {
        i += 3;
        continue;
      }
      if (src.startsWith('${', i) || src.startsWith('%{', i)) {
        flush();
        const strip = src[i + 2] === '~' ? 1 : 0;
        push(c === '$' ? 'interp' : 'control', i + 2 + strip);
        expression(true);
        start = i;
        continue;
      }
      if (close === '"' && (c === '"' || c === '\n')) {
        flush();
        if (c === '"') push('cquote', i + 1);
        return;
      }
      if (close === '\n' && c === '\n') {
        i++;
        flush();
        return;
      }
      i++;
    }
    flush();
  }

  function heredoc(marker: string): void {
    while (i < src.length) {
      const eol = src.indexOf('\n', i);
      const line = src.slice(i, eol < 0 ? src.length : eol).replace(/\r$/, '');
      if (line.trim() === marker && /^[ \t]*$/.test(line.slice(0, line.indexOf(marker)))) {
        push('cheredoc', i + line.length);
        return;
      }
      template('\n');
    }
  }

  expression(false);
  return toks;
}
