// Whether one space goes between two tokens of a line, by the rules hclwrite (and so `packer fmt`)
// applies: none around "." or before "," and "...", none inside (), [] and template sequences, one
// inside braces except "{}", a "-" that negates sticks to its operand, and one space anywhere else.
import type { Tok, TokType } from './hcl-lex.js';

const OPENERS = new Set<TokType>(['obrace', 'obrack', 'oparen', 'interp', 'control']);
const CLOSERS = new Set<TokType>(['cbrace', 'cbrack', 'cparen', 'seqend']);

export function bracketChange(t: Tok): number {
  return OPENERS.has(t.type) ? 1 : CLOSERS.has(t.type) ? -1 : 0;
}

/** After these, a "-" negates rather than subtracts. */
const BEFORE_NEGATION = new Set<TokType | 'none'>([
  'none', 'oparen', 'obrace', 'obrack', 'equal', 'colon', 'comma', 'question',
  'plus', 'star', 'slash', 'percent', 'minus',
  'eqop', 'neop', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'bang',
]);

const TEMPLATE_EDGE = new Set<TokType>(['lit', 'oquote', 'oheredoc']);
const TEMPLATE_EDGE_AFTER = new Set<TokType>(['lit', 'cquote', 'cheredoc']);

export function spaceAfter(subject: Tok, before: Tok | undefined, after: Tok | undefined): boolean {
  if (!after || after.type === 'newline') return false;
  const s = subject.type;
  const a = after.type;
  if (s === 'ident' && a === 'oparen') return false; // f(x)
  if (s === 'dot' || a === 'dot') return false;
  if (a === 'comma' || a === 'ellipsis') return false;
  if (s === 'comma') return true;
  if (TEMPLATE_EDGE.has(s) || TEMPLATE_EDGE_AFTER.has(a)) return false; // strings keep their bytes
  if (s === 'ident' && subject.text === 'in' && before?.type === 'ident') return true; // for x in [y]
  if (a === 'obrack' && (s === 'ident' || s === 'number' || bracketChange(subject) < 0)) return false; // x[0]
  if (s === 'minus') return !BEFORE_NEGATION.has(before?.type ?? 'none');
  if (s === 'obrace' || a === 'cbrace') return !(s === 'obrace' && a === 'cbrace');
  if ((s === 'interp' || s === 'control') && a === 'obrace') return true;
  if (s === 'cbrace' && a === 'seqend') return true;
  if (s === 'interp' || s === 'control' || a === 'seqend') return false;
  if (s === 'seqend') return false; // "${a}${b}": sequences side by side in a template
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}
