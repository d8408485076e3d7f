// missingVariables on the error prepareTemplate really throws: an unset required variable ends the check
// (as in Packer), so the null builder's "no authentication method" does not follow from the unset
// password, nor is anything else reported until it is given.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { prepareTemplate } from '../../src/template/index.js';
import { missingVariables } from '../../src/ui/prompts/variables.js';
import { UserError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'pack-missing-vars-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function errorOf(template: object): Promise<unknown> {
  const path = join(dir, 't.json');
  writeFileSync(path, JSON.stringify(template));
  return prepareTemplate(path, { vars: [], varFiles: [], env: {} }).then(() => undefined, (e: unknown) => e);
}

it('names the unset required variables, and only them: what their empty value would break is not reported', async () => {
  const err = await errorOf({
    variables: { ssh_password: null },
    'sensitive-variables': ['ssh_password'],
    builders: [{ type: 'null', ssh_host: '127.0.0.1', ssh_username: 'root', ssh_password: '{{user `ssh_password`}}' }],
    provisioners: [{ type: 'shell-local', inlinex: ['typo, reported once the variable is given'] }],
  });
  expect(String(err)).toContain('required variable "ssh_password" is not set');
  expect(String(err)).not.toContain('one authentication method must be specified');
  expect(String(err)).not.toContain('inlinex');
  expect(missingVariables(err)).toEqual(['ssh_password']);
});

it('names none when no variable is missing', async () => {
  const err = await errorOf({ builders: [{ type: 'null', ssh_host: '127.0.0.1', ssh_username: 'root' }] });
  expect(err).toBeInstanceOf(UserError);
  expect(missingVariables(err)).toEqual([]);
  expect(missingVariables(new Error('required variable "x" is not set'))).toEqual([]);
});
