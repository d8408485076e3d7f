// The shell provisioner over the ssh communicator against a real OpenSSH sshd on loopback.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSshd, type SshServer } from '../helpers/sshd.js';
import { provisioner as shell } from '../../src/components/provisioners/shell/index.js';
import { connect, makeContext, sshConfig } from './context.js';

let server: SshServer;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(async () => {
  await server?.stop();
});

describe.each([
  ['key login, sftp', false, 'sftp'],
  ['password login, scp', true, 'scp'],
])('shell over OpenSSH (%s)', (_name, password, method) => {
  test('inline, with environment variables; stdout as messages and stderr as error lines', async () => {
    const t = makeContext();
    try {
      const comm = await connect(t, sshConfig(server, { ssh_file_transfer_method: method }, password));
      await shell
        .create({
          inline: ['echo "hello $GREETING from $PACKER_BUILD_NAME/$PACKER_BUILDER_TYPE"', 'echo "quote: $QUOTED"', 'echo to-stderr >&2', 'echo "user=$USER"'],
          environment_vars: ['GREETING=world', "QUOTED=it's ok"],
          env: { FROM_MAP: 'map' },
        })
        .provision(t.ctx);
      await comm.close();
      const lines = t.lines();
      expect(lines).toContain(`say: Using ssh communicator to connect: 127.0.0.1`);
      expect(lines).toContain('say: Waiting for SSH to become available...');
      expect(lines).toContain('say: Connected to SSH!');
      expect(lines.find((l) => l.startsWith('say: Provisioning with shell script: /tmp/script_'))).toBeDefined();
      expect(lines).toContain('message/stdout: hello world from x/null');
      expect(lines).toContain("message/stdout: quote: it's ok");
      expect(lines).toContain('error/stderr: to-stderr');
      expect(lines).toContain(`message/stdout: user=${server.user}`);
    } finally {
      t.cleanup();
    }
  });

  test('script and scripts run in order, see their variables, and are removed afterwards', async () => {
    const t = makeContext();
    try {
      writeFileSync(join(t.ctx.templateDir, 'a.sh'), '#!/bin/sh\necho "a: $ONE $0"\n');
      writeFileSync(join(t.ctx.templateDir, 'b.sh'), '#!/bin/sh\r\necho "b: $TWO"\r\n');
      const comm = await connect(t, sshConfig(server, { ssh_file_transfer_method: method }, password));
      await shell.create({ script: 'a.sh', environment_vars: ['ONE=1'], remote_path: '/tmp/pack-test-script.sh' }).provision(t.ctx);
      await shell.create({ scripts: ['a.sh', 'b.sh'], environment_vars: ['ONE=x', 'TWO=2'] }).provision(t.ctx);
      const left: string[] = [];
      await comm.run({ command: 'ls /tmp/pack-test-script.sh 2>/dev/null; echo done', onStdout: (l) => left.push(l) });
      await comm.close();
      const out = t.lines().filter((l) => l.startsWith('message/stdout') || l.startsWith('say: Provisioning'));
      expect(out).toEqual([
        'say: Provisioning with shell script: a.sh',
        'message/stdout: a: 1 /tmp/pack-test-script.sh',
        'say: Provisioning with shell script: a.sh',
        expect.stringMatching(/^message\/stdout: a: x \/tmp\/script_\d+\.sh$/),
        'say: Provisioning with shell script: b.sh',
        'message/stdout: b: 2',
      ]);
      expect(left).toEqual(['done']);
    } finally {
      t.cleanup();
    }
  });
});

test('execute_command, skip_clean and use_env_var_file', async () => {
  const t = makeContext();
  try {
    const comm = await connect(t, sshConfig(server));
    await shell
      .create({
        inline: ['echo "v=$V"'],
        environment_vars: ['V=42'],
        execute_command: 'echo "running {{.Path}}"; {{.Vars}} sh {{.Path}}',
        remote_path: '/tmp/pack-kept.sh',
        skip_clean: true,
      })
      .provision(t.ctx);
    await shell.create({ inline: ['echo "file v=$V"'], environment_vars: ['V=43'], use_env_var_file: true }).provision(t.ctx);
    const kept: string[] = [];
    await comm.run({ command: 'cat /tmp/pack-kept.sh; rm -f /tmp/pack-kept.sh', onStdout: (l) => kept.push(l) });
    await comm.close();
    expect(t.lines()).toContain('message/stdout: running /tmp/pack-kept.sh');
    expect(t.lines()).toContain('message/stdout: v=42');
    expect(t.lines()).toContain('message/stdout: file v=43');
    expect(kept).toEqual(['#!/bin/sh -e', 'echo "v=$V"']);
  } finally {
    t.cleanup();
  }
});

test('a script exiting 7 fails with its code and the allowed codes; valid_exit_codes accepts it', async () => {
  const t = makeContext();
  try {
    const comm = await connect(t, sshConfig(server));
    await expect(shell.create({ inline: ['echo before', 'exit 7'] }).provision(t.ctx)).rejects.toThrow(
      'Script exited with non-zero exit status: 7.Allowed exit codes are: [0]',
    );
    await shell.create({ inline: ['exit 7'], valid_exit_codes: [0, 7] }).provision(t.ctx);
    // -e in the default shebang stops at the first failing command.
    await expect(shell.create({ inline: ['false', 'echo never'] }).provision(t.ctx)).rejects.toThrow('exit status: 1');
    expect(t.lines()).not.toContain('message/stdout: never');
    await comm.close();
  } finally {
    t.cleanup();
  }
});

test('a sensitive value used in a command never reaches an event', async () => {
  const secret = 'hunter2-very-secret';
  const t = makeContext({ secrets: [secret] });
  try {
    const comm = await connect(t, sshConfig(server));
    await shell
      .create({ inline: [`echo "token=${secret}"`, 'echo "env=$TOKEN" >&2', 'exit 3'], environment_vars: [`TOKEN=${secret}`] })
      .provision(t.ctx)
      .catch(() => undefined);
    await comm.close();
    expect(t.lines()).toContain('message/stdout: token=<sensitive>');
    expect(t.lines()).toContain('error/stderr: env=<sensitive>');
    expect(t.allText()).not.toContain(secret);
  } finally {
    t.cleanup();
  }
});

test('expect_disconnect: a dropped connection is allowed when expected, an error otherwise; the next command reconnects', async () => {
  const t = makeContext();
  try {
    const comm = await connect(t, sshConfig(server));
    // Killing the session's sshd process drops the connection, like a reboot does.
    const drop = ['echo going', 'kill -9 $PPID', 'sleep 5'];
    await shell.create({ inline: drop, expect_disconnect: true, execute_command: 'chmod +x {{.Path}}; exec {{.Path}}' }).provision(t.ctx);
    await expect(
      shell.create({ inline: drop, execute_command: 'chmod +x {{.Path}}; exec {{.Path}}' }).provision(t.ctx),
    ).rejects.toThrow(
      // Packer 1.6.6's own text, backticks included.
      'Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart, you can try adding ' +
        '`"expect_disconnect": true` or `"valid_exit_codes": [0, 2300218]` to the shell provisioner parameters.',
    );
    await shell.create({ inline: ['echo back again'] }).provision(t.ctx);
    await comm.close();
    expect(t.lines()).toContain('message/stdout: back again');
  } finally {
    t.cleanup();
  }
});
