// Numeric functions (go-cty stdlib).
import { def, p, FunctionError, type HclFunc } from './args.js';

export const numberFunctions: Record<string, HclFunc> = {
  abs: def('abs', [p('num', 'number')], undefined, Math.abs),
  ceil: def('ceil', [p('num', 'number')], undefined, Math.ceil),
  floor: def('floor', [p('num', 'number')], undefined, Math.floor),
  log: def('log', [p('num', 'number'), p('base', 'number')], undefined, (n: number, b: number) => Math.log(n) / Math.log(b)),
  pow: def('pow', [p('num', 'number'), p('power', 'number')], undefined, Math.pow),
  signum: def('signum', [p('num', 'number')], undefined, (n: number) => Math.sign(n) || 0),
  max: def('max', [], p('numbers', 'number'), (...n: number[]) => {
    if (n.length === 0) throw new FunctionError('must pass at least one number');
    return Math.max(...n);
  }),
  min: def('min', [], p('numbers', 'number'), (...n: number[]) => {
    if (n.length === 0) throw new FunctionError('must pass at least one number');
    return Math.min(...n);
  }),
  parseint: def('parseint', [p('number', 'any'), p('base', 'number')], undefined, (s: unknown, base: number) => {
    if (typeof s !== 'string') throw new FunctionError('first argument must be a string, not ' + (s === null ? 'null' : typeof s));
    if (!Number.isInteger(base) || base < 2 || base > 62) throw new FunctionError('base must be a whole number between 2 and 62 inclusive');
    const digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, base);
    const neg = /^-/.test(s);
    const body = s.replace(/^[-+]/, '');
    const lookup = base <= 36 ? (c: string) => digits.indexOf(c.toLowerCase()) : (c: string) => digits.indexOf(c);
    if (body === '' || [...body].some((c) => lookup(c) < 0)) throw new FunctionError(`cannot parse ${JSON.stringify(s)} as a base ${base} integer`);
    let n = 0n;
    for (const c of body) n = n * BigInt(base) + BigInt(lookup(c));
    return Number(neg ? -n : n);
  }),
};
