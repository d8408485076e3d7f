// The function fixture is Packer 1.6.6's own output: building the template again with Packer must
// write expected.txt byte for byte (test/unit/hcl-functions.test.ts holds pack to the same file).
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requirePacker } from './tools.js';
// @ts-expect-error: a plain .mjs script shared with the fixture's maker
import { HERE, buildWithPacker } from '../fixtures/templates/hcl-functions/make-fixture.mjs';

beforeAll(() => requirePacker());

describe('the HCL2 function fixture', () => {
  it('is what packer build writes for functions.pkr.hcl', () => {
    expect(buildWithPacker()).toBe(readFileSync(join(HERE, 'expected.txt'), 'utf8'));
  });
});
