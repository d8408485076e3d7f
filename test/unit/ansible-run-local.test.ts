// src/ansible/run-local.ts runs through util/process-group.ts: lines split on "\n" only, like every
// other local command pack runs (readline also split on a lone "\r").
import { expect, it } from 'vitest';
import { CommandNotFound, runLocal } from '../../src/ansible/run-local.js';

it('a progress line redrawn with \\r stays one line; trailing blanks go; the exit code comes back', async () => {
  const lines: string[] = [];
  const result = await runLocal({
    command: '/bin/sh',
    args: ['-c', "printf 'TASK [x] 1/2\\rTASK [x] 2/2  \\r\\nok\\n'; exit 2"],
    env: process.env,
    onLine: (line) => lines.push(line),
  });
  expect(result).toEqual({ code: 2, signal: null });
  expect(lines).toEqual(['TASK [x] 1/2\rTASK [x] 2/2', 'ok']);
});

it('a command that is not there is CommandNotFound', async () => {
  await expect(runLocal({ command: 'pack-no-such-ansible', args: [], env: process.env, onLine: () => {} })).rejects.toBeInstanceOf(CommandNotFound);
});
