// In-process tests of the ansible provisioner's parts: the SSH adapter (a real ssh2 client against it,
// a Communicator double behind it), the inventory, ansible-playbook's arguments and the failure messages.
import { afterEach, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { CommandResult, Communicator, ProvisionContext, RemoteCommand } from '../../src/core/components.js';
import { adapterKeys } from '../../src/ansible/adapter/keys.js';
import { startAdapter, type Adapter } from '../../src/ansible/adapter/server.js';
import { PlaybookOutput, describeExit } from '../../src/ansible/playbook-output.js';
import { checkCommandOnPath } from '../../src/ansible/command-path.js';
import { inventoryText } from '../../src/components/provisioners/ansible/inventory.js';
import { ansibleArgs, ansibleEnv } from '../../src/components/provisioners/ansible/command.js';
import type { AnsibleConfig } from '../../src/components/provisioners/ansible/index.js';
import { sizeInMegabytes } from '../../src/components/post-processors/vagrant/providers.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Runs commands by echoing stdin back, upper-cased, with the command on stderr. */
class EchoComm implements Communicator {
  commands: string[] = [];
  async run(cmd: RemoteCommand): Promise<CommandResult> {
    this.commands.push(cmd.command);
    cmd.onStderrData?.(Buffer.from(`ran: ${cmd.command}\n`));
    // Read as the real communicators do (pipe, no for-await): ending the loop would destroy the channel.
    const stdin = cmd.stdin as NodeJS.ReadableStream;
    await new Promise<void>((resolve) => {
      stdin.on('data', (chunk) => cmd.onStdoutData?.(Buffer.from(String(chunk).toUpperCase())));
      stdin.on('end', resolve);
    });
    return { exitCode: cmd.command === 'fail' ? 7 : 0 };
  }
  upload = async () => {};
  uploadData = async () => {};
  uploadDir = async () => {};
  download = async () => {};
  downloadDir = async () => {};
  close = async () => {};
}

async function adapterWith(comm: Communicator): Promise<{ adapter: Adapter; keyFile: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pack-adapter-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const keys = adapterKeys(dir);
  const adapter = await startAdapter({ comm, keys, user: 'ansible', sftpCommand: 'sftp-server -e', signal: new AbortController().signal, onProblem: () => {} });
  cleanups.push(() => adapter.close());
  return { adapter, keyFile: keys.clientKeyFile!, dir };
}

function connect(port: number, username: string, privateKey: string): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on('ready', () => resolve(c)).on('error', reject);
    c.connect({ host: '127.0.0.1', port, username, privateKey, readyTimeout: 10_000 });
    cleanups.push(() => c.end());
  });
}

function exec(c: ssh2.Client, command: string, input: string): Promise<{ out: string; err: string; code: number }> {
  return new Promise((resolve, reject) =>
    c.exec(command, (e, ch) => {
      if (e) return reject(e);
      let out = '';
      let err = '';
      let code = -1;
      ch.on('data', (d: Buffer) => (out += d));
      ch.stderr.on('data', (d: Buffer) => (err += d));
      ch.on('exit', (n: number) => (code = n));
      ch.on('close', () => resolve({ out, err, code }));
      ch.end(input);
    }),
  );
}

test('the adapter runs exec requests on the Communicator with the channel as stdin and stdout, and returns exit codes', async () => {
  const comm = new EchoComm();
  const { adapter, keyFile } = await adapterWith(comm);
  const client = await connect(adapter.port, 'ansible', readFileSync(keyFile, 'utf8'));
  expect(await exec(client, 'cat', 'hello adapter')).toEqual({ out: 'HELLO ADAPTER', err: 'ran: cat\n', code: 0 });
  expect((await exec(client, 'fail', '')).code).toBe(7);
  // The sftp subsystem runs sftp_command.
  await new Promise<void>((resolve, reject) =>
    client.subsys('sftp', (e, ch) => {
      if (e) return reject(e);
      ch.on('close', () => resolve());
      ch.resume();
      ch.end('x');
    }),
  );
  expect(comm.commands).toEqual(['cat', 'fail', 'sftp-server -e']);
});

test('the adapter accepts only its user with its one key', async () => {
  const { adapter, keyFile } = await adapterWith(new EchoComm());
  await expect(connect(adapter.port, 'someone-else', readFileSync(keyFile, 'utf8'))).rejects.toThrow(/authentication/i);
  const other = ssh2.utils.generateKeyPairSync('ed25519');
  await expect(connect(adapter.port, 'ansible', other.private)).rejects.toThrow(/authentication/i);
});

const ctx = {
  buildName: 'web',
  builderType: 'qemu',
  runUuid: 'u',
  render: (text: string, data?: Record<string, unknown>) => text.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => String(data?.[k] ?? '')),
} as unknown as ProvisionContext;
const base: AnsibleConfig = { playbook_file: 'site.yml', command: 'ansible-playbook', host_alias: 'default', galaxy_command: 'ansible-galaxy' };

test('inventory: the host line, then each group with it, then the empty groups', () => {
  const target = { host: '10.0.0.5', port: 2222, user: 'deploy', adapter: false };
  expect(inventoryText({ ...base, groups: ['web', 'app'], empty_groups: ['db'] }, target, ctx)).toBe(
    'default ansible_host=10.0.0.5 ansible_user=deploy ansible_port=2222\n[web]\ndefault ansible_host=10.0.0.5 ansible_user=deploy ansible_port=2222\n' +
      '[app]\ndefault ansible_host=10.0.0.5 ansible_user=deploy ansible_port=2222\n[db]\n',
  );
  expect(inventoryText({ ...base, host_alias: 'box', inventory_file_template: '{{ .HostAlias }} ansible_host={{ .Host }}\n' }, target, ctx)).toBe('box ansible_host=10.0.0.5\n');
});

test("ansible-playbook's arguments in Packer's order, and the environment", () => {
  const conn = { type: 'ssh', builderType: 'qemu', buildName: 'web', httpAddr: '10.0.2.2:8080' };
  const target = { host: 'h', port: 22, user: 'u', keyFile: '/k', adapter: false };
  expect(ansibleArgs({ ...base, extra_arguments: ['--extra-vars', 'a=b'] }, ctx, conn, target, '/inv', '/p/site.yml')).toEqual([
    '-e', 'packer_build_name="web"', '-e', 'packer_builder_type=qemu', '-e', 'packer_http_addr=10.0.2.2:8080',
    '--ssh-extra-args', "'-o IdentitiesOnly=yes'", '--extra-vars', 'a=b', '-e', 'ansible_ssh_private_key_file=/k', '-i', '/inv', '/p/site.yml',
  ]);
  const withPassword = ansibleArgs({ ...base, extra_arguments: ['-e', 'ansible_password=x'] }, ctx, conn, { ...target, keyFile: undefined }, '/inv', '/p');
  expect(withPassword).toContain('ansible_host_key_checking=False');
  expect(withPassword.join(' ')).not.toContain('ansible_ssh_private_key_file');
  const env = ansibleEnv({ ...base, ansible_env_vars: ['ANSIBLE_HOST_KEY_CHECKING=True', 'FOO=a=b'] }, ctx, {});
  expect(env.FOO).toBe('a=b');
  expect(env.ANSIBLE_HOST_KEY_CHECKING).toBe('False');
  expect(env.ANSIBLE_SCP_IF_SSH).toBe('True');
  expect(ansibleEnv({ ...base, use_sftp: true, ssh_host_key_file: 'k' }, ctx, {}).ANSIBLE_SCP_IF_SSH).toBe(process.env.ANSIBLE_SCP_IF_SSH);
});

test('a failed task and an unreachable host give one line each', () => {
  const o = new PlaybookOutput();
  expect(o.feed('TASK [web : install nginx] ****')).toBe('web : install nginx');
  o.feed('fatal: [default]: FAILED! => {"changed": true, "cmd": ["false"], "msg": "non-zero return code", "rc": 1, "stderr": "boom\\nlast words"}');
  expect(describeExit(2, null, o, 'ansible-playbook')).toBe('task "web : install nginx" failed (exit status 2): non-zero return code 1: last words');
  o.feed('fatal: [default]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: refused\\nmore", "unreachable": true}');
  expect(describeExit(4, null, o, 'ansible-playbook')).toBe('the machine was unreachable from ansible (exit status 4): Failed to connect to the host via ssh: refused');
  expect(describeExit(2, null, undefined, 'ansible-playbook')).toBe('ansible-playbook exited with status 2: see its output above');
});

test("ansible's own errors before any task (a missing role, a playbook that does not parse, a bad option) are the message", () => {
  const role = new PlaybookOutput();
  for (const l of ["ERROR! the role 'nginx' was not found in /p/roles:/etc/ansible/roles", '', "The error appears to be in '/p/site.yml': line 4, column 7, but may"]) role.feed(l);
  expect(describeExit(1, null, role, 'ansible-playbook')).toBe("ansible-playbook stopped (exit status 1): the role 'nginx' was not found in /p/roles:/etc/ansible/roles");
  // A playbook ansible cannot parse exits with 4, the status of an unreachable host: the error says which it was.
  const parse = new PlaybookOutput();
  parse.feed("ERROR! this task 'bogus_module' has extra params");
  expect(describeExit(4, null, parse, 'ansible-playbook')).toBe("ansible-playbook stopped (exit status 4): this task 'bogus_module' has extra params");
  const usage = new PlaybookOutput();
  for (const l of ['usage: ansible-playbook [-h] [--version]', 'ansible-playbook: error: unrecognized arguments: --extra-vars foo=bar']) usage.feed(l);
  expect(describeExit(2, null, usage, 'ansible-playbook')).toBe('ansible-playbook stopped (exit status 2): unrecognized arguments: --extra-vars foo=bar');
});

test("vagrant: qemu disk sizes in megabytes, as Packer reads them", () => {
  expect(sizeInMegabytes('40960M')).toBe(40960);
  expect(sizeInMegabytes('20G')).toBe(20480);
  expect(sizeInMegabytes('10240')).toBe(10240);
  expect(sizeInMegabytes('1048576K')).toBe(1024);
  expect(() => sizeInMegabytes('big')).toThrow('disk_size "big" is not a size');
});

test('command names one program: a command with environment or arguments in it says where those go', () => {
  expect(checkCommandOnPath('sh', 'command')).toEqual([]);
  expect(checkCommandOnPath('no-such-ansible-playbook', 'command')[0]).toContain('"no-such-ansible-playbook" was not found on PATH');
  expect(checkCommandOnPath('PYTHONUNBUFFERED=1 ansible-playbook', 'command')).toEqual([
    'command: "PYTHONUNBUFFERED=1 ansible-playbook" is not one program: it runs without a shell (as in Packer), so put environment variables in ansible_env_vars and arguments in extra_arguments (or point command at a wrapper script)',
  ]);
});
