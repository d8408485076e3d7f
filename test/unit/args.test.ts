import { describe, it, expect } from 'vitest';
import { parseFlags } from '../../src/cli/args.js';
import { UserError } from '../../src/errors.js';

const specs = {
  var: { type: 'string', multiple: true, description: 'a variable' },
  only: { type: 'string', description: 'builds to run' },
  force: { type: 'boolean', description: 'overwrite' },
  color: { type: 'boolean', description: 'colour', default: true },
} as const;

describe('parseFlags', () => {
  it("takes Packer's single-dash flags and double-dash ones alike", () => {
    const a = parseFlags('build', ['-var', 'a=1', '--var', 'b=2', '-only=x', '-force', 't.json'], specs);
    expect(a.flags.var).toEqual(['a=1', 'b=2']);
    expect(a.flags.only).toBe('x');
    expect(a.flags.force).toBe(true);
    expect(a.positionals).toEqual(['t.json']);
  });

  it('accepts -color=false and keeps defaults otherwise', () => {
    expect(parseFlags('build', ['-color=false'], specs).flags.color).toBe(false);
    expect(parseFlags('build', [], specs).flags.color).toBe(true);
    expect(parseFlags('build', [], specs).flags.var).toEqual([]);
  });

  it('names an unknown flag and the help command', () => {
    expect(() => parseFlags('build', ['-nope'], specs)).toThrow(UserError);
    expect(() => parseFlags('build', ['-nope'], specs)).toThrow(/unknown flag -nope[\s\S]*pack help build/);
  });

  it('says when the last argument was taken as a flag value and no positional is left (pack build -var t.json)', () => {
    expect(parseFlags('build', ['-var', 't.json'], specs).swallowed).toBe(' ("t.json" was read as the value of -var: give -var its value first)');
    expect(parseFlags('build', ['--only', 't.json'], specs).swallowed).toContain('value of -only');
    expect(parseFlags('build', ['-var', 'a=1', 't.json'], specs).swallowed).toBe('');
    expect(parseFlags('build', ['-force', 't.json'], specs).swallowed).toBe('');
  });

  it('names the closest flag for a typo, in single-dash form however it was written', () => {
    expect(() => parseFlags('build', ['--colour=false'], specs)).toThrow(/^unknown flag -colour\. Did you mean -color\?\n/);
    expect(() => parseFlags('build', ['-forse'], specs)).toThrow(/^unknown flag -forse\. Did you mean -force\?\n/);
    expect(() => parseFlags('build', ['--zzzzzzzz'], specs)).toThrow(/^unknown flag -zzzzzzzz\n/);
  });

  it('rejects a boolean given a value that is not true or false', () => {
    expect(() => parseFlags('build', ['-force=maybe'], specs)).toThrow(/takes true or false/);
  });

  it('says when a flag needs a value', () => {
    expect(() => parseFlags('build', ['-only'], specs)).toThrow(/flag -only needs a value/);
  });
});
