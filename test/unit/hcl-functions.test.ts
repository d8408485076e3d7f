// Every HCL2 function against Packer 1.6.6: cases.txt is rendered by Packer into expected.txt
// (make-fixture.mjs); pack must write the same bytes for the same template.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareTemplate } from '../../src/template/index.js';
// @ts-expect-error: a plain .mjs script shared with the fixture's maker
import { HERE, readCases, templateText } from '../fixtures/templates/hcl-functions/make-fixture.mjs';

const cases = readCases() as [number, string][];
const expected = readFileSync(join(HERE, 'expected.txt'), 'utf8');
/** Cases whose result differs between runs (uuidv4, timestamp...) are compared by length in cases.txt itself. */

describe('HCL2 functions give what Packer 1.6.6 gives', () => {
  it('the committed template is the one make-fixture.mjs writes from cases.txt', () => {
    expect(readFileSync(join(HERE, 'functions.pkr.hcl'), 'utf8')).toBe(templateText(cases));
  });
  it('renders every case as Packer does (byte for byte)', async () => {
    const prepared = await prepareTemplate(join(HERE, 'functions.pkr.hcl'), { vars: [], varFiles: [], env: {} });
    const content = prepared.template.builds[0].config.content as string;
    const got = content.split('\n');
    const want = expected.split('\n');
    const diffs: string[] = [];
    cases.forEach(([line, expr], i) => {
      if (got[i] !== want[i]) diffs.push(`cases.txt:${line}: ${expr}\n  packer: ${want[i]}\n  pack:   ${got[i]}`);
    });
    expect(diffs.join('\n')).toBe('');
    expect(content).toBe(expected);
  });
});
