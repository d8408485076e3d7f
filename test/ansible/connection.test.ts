// The ansible provisioner in process, over a real sshd, for the logins a template cannot show through
// the null builder: a builder's temporary key (written 0600 for ansible, removed after) and a
// password-only login (which goes through the adapter, as ansible's ssh cannot type a password).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATE } from '../../src/core/components.js';
import { provisioner } from '../../src/components/provisioners/ansible/index.js';
import { createTemporaryKeyPair } from '../../src/ssh/keypair.js';
import { startSshd, type SshServer } from '../helpers/sshd.js';
import { connect, makeContext } from '../ssh/context.js';

let server: SshServer;
let dir: string;
const savedTmp = process.env.TMPDIR;
const ansibleEnv = { ANSIBLE_NOCOLOR: '1', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3' };

beforeAll(async () => {
  server = await startSshd();
  dir = mkdtempSync(join(tmpdir(), 'pack-ansible-conn-'));
  mkdirSync(join(dir, 'tmp'));
  // Everything the provisioner writes lands here, so the test can see it go.
  process.env.TMPDIR = join(dir, 'tmp');
  Object.assign(process.env, ansibleEnv, { ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, 'cp') });
  writeFileSync(join(dir, 'touch.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: touch\n      command: touch ${dir}/{{ mark }}\n`);
});
afterAll(async () => {
  process.env.TMPDIR = savedTmp;
  for (const k of [...Object.keys(ansibleEnv), 'ANSIBLE_SSH_CONTROL_PATH_DIR']) delete process.env[k];
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const config = (mark: string) => ({
  playbook_file: join(dir, 'touch.yml'),
  command: 'ansible-playbook',
  host_alias: 'default',
  galaxy_command: 'ansible-galaxy',
  extra_arguments: ['-e', `mark=${mark}`],
});

test("a builder's temporary key: ansible logs in with it straight over SSH, from a 0600 file removed afterwards", async () => {
  const pair = createTemporaryKeyPair();
  server.authorize(pair.publicKey);
  const t = makeContext();
  try {
    const state = new Map<string, unknown>([[STATE.sshKeyPair.name, { privateKey: pair.privateKey, publicKey: pair.publicKey }]]);
    const comm = await connect(t, { ssh_host: server.host, ssh_port: server.port, ssh_username: server.user }, state);
    await provisioner.create(config('temporary')).provision(t.ctx);
    // OpenSSH refuses a key file others can read: the login working says the file was private.
    expect(existsSync(join(dir, 'temporary'))).toBe(true);
    const executing = t.lines().find((l) => l.startsWith('say: Executing Ansible:'))!;
    // The key the core's connect step wrote 0600 in the build's own temp folder (removed with it).
    expect(executing).toContain(`ansible_ssh_private_key_file=${t.ctx.conn.privateKeyFile}`);
    expect(t.ctx.conn.privateKeyFile!.startsWith(t.ctx.tempDir)).toBe(true);
    expect(statSync(t.ctx.conn.privateKeyFile!).mode & 0o777).toBe(0o600);
    expect(t.lines()).toContain('message: Not using Proxy adapter for Ansible run:\n\tUsing ssh keys from Packer communicator...');
    expect(readdirSync(join(dir, 'tmp')).filter((n) => n.startsWith('pack-ansible'))).toEqual([]);
    await comm.close();
  } finally {
    pair.remove();
    t.cleanup();
  }
});

test('a password-only login goes through the adapter', async () => {
  const t = makeContext({ secrets: [server.password] });
  try {
    const comm = await connect(t, { ssh_host: server.host, ssh_port: server.port, ssh_username: server.user, ssh_password: server.password });
    await provisioner.create(config('password')).provision(t.ctx);
    expect(existsSync(join(dir, 'password'))).toBe(true);
    expect(t.lines()).toContain('message: Setting up proxy adapter for Ansible....');
    expect(t.allText()).not.toContain(server.password);
    expect(readdirSync(join(dir, 'tmp')).filter((n) => n.startsWith('pack-ansible'))).toEqual([]);
    await comm.close();
  } finally {
    t.cleanup();
  }
});
