// The same communicator and provisioners against a second real server: dropbear (scp transfers).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { startDropbear } from '../helpers/dropbear.js';
import type { SshServer } from '../helpers/sshd.js';
import { provisioner as shell } from '../../src/components/provisioners/shell/index.js';
import { provisioner as file } from '../../src/components/provisioners/file/index.js';
import { connect, makeContext, sshConfig } from './context.js';
import { describeTree, makeTree } from './tree.js';

let server: SshServer;
beforeAll(async () => {
  server = await startDropbear();
});
afterAll(async () => {
  await server?.stop();
});

describe.each([
  ['key login', false],
  ['password login', true],
])('dropbear (%s)', (name, password) => {
  test('inline, script and scripts with environment variables; stderr as error lines', async () => {
    const t = makeContext();
    try {
      writeFileSync(join(t.ctx.templateDir, 'one.sh'), '#!/bin/sh\necho "one $A"\n');
      writeFileSync(join(t.ctx.templateDir, 'two.sh'), '#!/bin/sh\necho "two $B" >&2\n');
      const comm = await connect(t, sshConfig(server, {}, password));
      await shell.create({ inline: ['echo "inline $A $B"'], environment_vars: ['A=1', 'B=2'] }).provision(t.ctx);
      await shell.create({ script: 'one.sh', environment_vars: ['A=s'] }).provision(t.ctx);
      await shell.create({ scripts: ['one.sh', 'two.sh'], environment_vars: ['A=x', 'B=y'] }).provision(t.ctx);
      await expect(shell.create({ inline: ['exit 7'] }).provision(t.ctx)).rejects.toThrow('non-zero exit status: 7');
      await comm.close();
      const lines = t.lines();
      expect(lines).toContain('say: Connected to SSH!');
      expect(lines).toContain('message/stdout: inline 1 2');
      expect(lines).toContain('message/stdout: one s');
      expect(lines).toContain('message/stdout: one x');
      expect(lines).toContain('error/stderr: two y');
    } finally {
      t.cleanup();
    }
  });

  test('upload and download of a file and of a folder tree, modes kept', async () => {
    const t = makeContext();
    const base = join(server.dir, `files-${name.replace(' ', '-')}`);
    try {
      makeTree(join(t.ctx.templateDir, 'app'));
      const single = join(t.ctx.templateDir, 'single.txt');
      writeFileSync(single, 'single\n');
      chmodSync(single, 0o640);
      mkdirSync(base);
      const comm = await connect(t, sshConfig(server, {}, password));
      await file.create({ source: 'single.txt', destination: `${base}/` }).provision(t.ctx);
      await file.create({ source: 'app/', destination: `${base}/app` }).provision(t.ctx);
      await file.create({ source: `${base}/single.txt`, destination: `${base}/down/one.txt`, direction: 'download' }).provision(t.ctx);
      await file.create({ source: `${base}/app/`, destination: `${base}/down/app`, direction: 'download' }).provision(t.ctx);
      await comm.close();
      expect(readFileSync(join(base, 'single.txt'), 'utf8')).toBe('single\n');
      expect(statSync(join(base, 'single.txt')).mode & 0o777).toBe(0o640);
      expect(statSync(join(base, 'down', 'one.txt')).mode & 0o777).toBe(0o640);
      const expected = describeTree(join(t.ctx.templateDir, 'app'));
      expect(describeTree(join(base, 'app'))).toEqual(expected);
      expect(describeTree(join(base, 'down', 'app'))).toEqual(expected);
    } finally {
      t.cleanup();
      rmSync(base, { recursive: true, force: true });
    }
  });
});
