// `pack build` (the real CLI) with the null builder over SSH to a real OpenSSH sshd on loopback:
// ansible (straight over SSH, then through the adapter) and ansible-local, and their failures.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPack, stripAnsi } from '../helpers/pack.js';
import { startSshd, type SshServer } from '../helpers/sshd.js';
import { sshConfig } from '../ssh/context.js';

let server: SshServer;
let dir: string;
/** Where ansible writes on the "machine" (the sshd's user is uid 0 on this host). */
let out: string;
/** ansible's own state (ControlPath sockets, tmp) for these runs only. */
let env: Record<string, string>;

beforeAll(async () => {
  server = await startSshd();
  dir = mkdtempSync(join(tmpdir(), 'pack-ansible-'));
  out = join(dir, 'machine');
  mkdirSync(out);
  mkdirSync(join(dir, 'roles', 'greeter', 'tasks'), { recursive: true });
  writeFileSync(
    join(dir, 'roles', 'greeter', 'tasks', 'main.yml'),
    ['- name: write the greeting', '  copy:', '    dest: "{{ out }}/greeting.txt"', '    content: "hello {{ who }} from {{ packer_build_name }}/{{ packer_builder_type }}\\n"', ''].join('\n'),
  );
  writeFileSync(
    join(dir, 'site.yml'),
    ['- hosts: default', '  gather_facts: false', '  roles:', '    - greeter', '  tasks:', '    - name: note the run', '      command: touch {{ out }}/ran-remote', ''].join('\n'),
  );
  writeFileSync(
    join(dir, 'local.yml'),
    ['- hosts: all', '  gather_facts: false', '  tasks:', '    - name: write from ansible-local', '      copy:', '        dest: "{{ out }}/local.txt"', '        content: "local {{ packer_build_name }}\\n"', ''].join('\n'),
  );
  writeFileSync(join(dir, 'fails.yml'), ['- hosts: all', '  gather_facts: false', '  tasks:', '    - name: this one fails', '      command: /bin/false', ''].join('\n'));
  const state = join(dir, 'ansible-state');
  env = {
    ANSIBLE_LOCAL_TEMP: join(state, 'tmp'),
    ANSIBLE_SSH_CONTROL_PATH_DIR: join(state, 'cp'),
    ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
    ANSIBLE_NOCOLOR: '1',
    TMPDIR: join(dir, 'tmp'),
  };
  mkdirSync(env.TMPDIR);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function template(name: string, provisioners: unknown[], comm: Record<string, unknown> = {}): string {
  const path = join(dir, `${name}.json`);
  const builder = { type: 'null', name: 'x', communicator: 'ssh', ...sshConfig(server, comm) };
  writeFileSync(path, JSON.stringify({ builders: [builder], provisioners }));
  return path;
}

test('ansible over SSH runs a playbook with a role and --extra-vars, then ansible-local on the same machine', async () => {
  const path = template('ok', [
    { type: 'ansible', playbook_file: join(dir, 'site.yml'), extra_arguments: ['--extra-vars', `who=world out=${out}`] },
    {
      type: 'ansible-local',
      playbook_file: join(dir, 'local.yml'),
      extra_arguments: ['--extra-vars', `out=${out}`],
      command: 'PYTHONUNBUFFERED=1 ansible-playbook',
      staging_directory: join(dir, 'staging'),
      clean_staging_directory: true,
    },
  ]);
  const logs = join(dir, 'logs');
  const r = await runPack(['build', '-log-dir', logs, path], { cwd: dir, env });
  const text = stripAnsi(r.stdout);
  expect(r.code, text + r.stderr).toBe(0);
  expect(readFileSync(join(out, 'greeting.txt'), 'utf8')).toBe('hello world from x/null\n');
  expect(existsSync(join(out, 'ran-remote'))).toBe(true);
  expect(readFileSync(join(out, 'local.txt'), 'utf8')).toBe('local x\n');
  expect(text).toContain('==> x: Provisioning with Ansible...');
  expect(text).toContain('    x: TASK [greeter : write the greeting]');
  expect(text).toContain('    x: TASK [write from ansible-local]');
  expect(text).toMatch(/x: PLAY RECAP/);
  const log = readFileSync(join(logs, 'x.log'), 'utf8');
  expect(log).toContain('TASK [greeter : write the greeting]');
  expect(log).toContain('TASK [note the run]');
  // The staging folder was removed on the machine, and nothing of pack's is left in the temp folder.
  expect(text).toContain(`Removing directory: ${join(dir, 'staging')}`);
  expect(existsSync(join(dir, 'staging'))).toBe(false);
  expect(readdirSync(env.TMPDIR).filter((n) => n.startsWith('pack-ansible') || n.startsWith('packer-provisioner'))).toEqual([]);
});

test('ansible through the adapter (use_proxy) over the same SSH communicator', async () => {
  rmSync(join(out, 'greeting.txt'), { force: true });
  const path = template('proxy', [
    { type: 'ansible', use_proxy: true, playbook_file: join(dir, 'site.yml'), extra_arguments: ['--extra-vars', `who=adapter out=${out}`] },
  ]);
  const r = await runPack(['build', path], { cwd: dir, env });
  const text = stripAnsi(r.stdout);
  expect(r.code, text + r.stderr).toBe(0);
  expect(text).toContain('Setting up proxy adapter for Ansible....');
  expect(readFileSync(join(out, 'greeting.txt'), 'utf8')).toBe('hello adapter from x/null\n');
  expect(readdirSync(env.TMPDIR).filter((n) => n.startsWith('pack-ansible'))).toEqual([]);
});

test('failures: a failing task, ansible-playbook missing, an unreachable host: one message each, exit 1, nothing left', async () => {
  const failing = template('fails', [{ type: 'ansible', playbook_file: join(dir, 'fails.yml') }]);
  let r = await runPack(['build', failing], { cwd: dir, env });
  let text = stripAnsi(r.stdout + r.stderr);
  expect(r.code).toBe(1);
  expect(text).toMatch(/Build 'x' errored after .*: Error executing Ansible: task "this one fails" failed \(exit status 2\): non-zero return code/);

  // Through the adapter too: its keys and inventory go with it.
  const failingProxy = template('fails-proxy', [{ type: 'ansible', use_proxy: true, playbook_file: join(dir, 'fails.yml') }]);
  r = await runPack(['build', failingProxy], { cwd: dir, env });
  expect(r.code).toBe(1);
  expect(stripAnsi(r.stdout + r.stderr)).toContain('Error executing Ansible: task "this one fails" failed (exit status 2)');
  expect(readdirSync(env.TMPDIR).filter((n) => n.startsWith('pack-ansible'))).toEqual([]);

  // galaxy_file with no way to Ansible Galaxy (this machine reaches only npm and Debian's archive).
  writeFileSync(join(dir, 'requirements.yml'), '- src: geerlingguy.nginx\n');
  const galaxy = template('galaxy', [{ type: 'ansible', playbook_file: join(dir, 'site.yml'), galaxy_file: join(dir, 'requirements.yml'), roles_path: join(dir, 'galaxy-roles') }]);
  r = await runPack(['build', galaxy], { cwd: dir, env });
  expect(r.code).toBe(1);
  expect(stripAnsi(r.stdout + r.stderr)).toContain('Error executing Ansible Galaxy');
  expect(stripAnsi(r.stdout + r.stderr)).toContain('Ansible Galaxy could not be reached (is this machine offline?)');

  const noAnsible = template('missing', [{ type: 'ansible', playbook_file: join(dir, 'site.yml') }]);
  r = await runPack(['build', noAnsible], { cwd: dir, env: { ...env, PATH: '/nonexistent' } });
  text = stripAnsi(r.stdout + r.stderr);
  expect(r.code).toBe(1);
  expect(text).toContain('"ansible-playbook" was not found on PATH');
  expect(text).not.toMatch(/\n\s+at /);

  writeFileSync(join(dir, 'closed-inventory'), `default ansible_host=127.0.0.1 ansible_port=1 ansible_user=${server.user}\n`);
  const unreachable = template('unreachable', [{ type: 'ansible', playbook_file: join(dir, 'fails.yml'), inventory_file: join(dir, 'closed-inventory') }]);
  r = await runPack(['build', unreachable], { cwd: dir, env });
  text = stripAnsi(r.stdout + r.stderr);
  expect(r.code).toBe(1);
  expect(text).toMatch(/Error executing Ansible: the machine was unreachable from ansible \(exit status 4\): .*Connection refused/);
  expect(readdirSync(env.TMPDIR).filter((n) => n.startsWith('pack-ansible') || n.startsWith('packer-provisioner'))).toEqual([]);
});

test("ansible-local: ansible's stderr is the build's error output as in Packer, and a missing role is the build's error", async () => {
  writeFileSync(join(dir, 'norole.yml'), ['- hosts: all', '  gather_facts: false', '  roles:', '    - not_there', ''].join('\n'));
  const path = template('local-norole', [{ type: 'ansible-local', playbook_file: join(dir, 'norole.yml'), staging_directory: join(dir, 'staging-norole') }]);
  const r = await runPack(['build', '-color=false', path], { cwd: dir, env });
  const text = stripAnsi(r.stdout + r.stderr);
  expect(r.code).toBe(1);
  expect(text).toMatch(/^==> x: ERROR! the role 'not_there' was not found/m);
  // Packer 1.6.6 always passes packer_http_addr to ansible-local, its placeholder when the builder serves no HTTP.
  expect(text).toContain('--extra-vars "packer_build_name=x packer_builder_type=null packer_http_addr=ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER"');
  expect(text).toMatch(/Build 'x' errored after .*: Error executing Ansible: ansible-playbook stopped \(exit status 1\): the role 'not_there' was not found in /);
});

test('ansible-local: galaxy_file goes up before the inventory, as in Packer; Galaxy out of reach says so', async () => {
  writeFileSync(join(dir, 'requirements.yml'), '- src: geerlingguy.nginx\n');
  const path = template('local-galaxy', [
    { type: 'ansible-local', playbook_file: join(dir, 'local.yml'), galaxy_file: join(dir, 'requirements.yml'), staging_directory: join(dir, 'staging-galaxy') },
  ]);
  const r = await runPack(['build', '-color=false', path], { cwd: dir, env });
  const text = stripAnsi(r.stdout + r.stderr);
  expect(r.code).toBe(1);
  expect(text.indexOf('Uploading galaxy file...')).toBeGreaterThan(0);
  expect(text.indexOf('Uploading galaxy file...')).toBeLessThan(text.indexOf('Uploading inventory file...'));
  expect(text).toContain('Error executing Ansible Galaxy: Non-zero exit status: 1: Ansible Galaxy could not be reached from the machine being built');
});

test('ansible: inventory_file may be an inline host list ("127.0.0.1,"), as ansible -i takes it and Packer 1.6.6 passes it on', async () => {
  writeFileSync(join(dir, 'inline.yml'), ['- hosts: all', '  gather_facts: false', '  tasks:', '    - name: mark', '      command: touch {{ out }}/inline-ran', ''].join('\n'));
  const path = template('inline', [
    {
      type: 'ansible',
      playbook_file: join(dir, 'inline.yml'),
      inventory_file: '127.0.0.1,',
      ansible_env_vars: ['ANSIBLE_NOCOLOR'],
      extra_arguments: ['-e', `ansible_port=${server.port} ansible_user=${server.user} out=${out}`],
    },
  ]);
  const r = await runPack(['build', '-color=false', path], { cwd: dir, env });
  expect(r.code, stripAnsi(r.stdout + r.stderr)).toBe(0);
  expect(existsSync(join(out, 'inline-ran'))).toBe(true);
  expect(stripAnsi(r.stdout)).toContain('==> x: Warning: ansible_env_vars: "ANSIBLE_NOCOLOR" is not NAME=value, so it sets nothing');
  // A path that does not exist is still refused before the build.
  const missing = template('inline-missing', [{ type: 'ansible', playbook_file: join(dir, 'inline.yml'), inventory_file: 'no-such-inventory' }]);
  const v = await runPack(['validate', missing], { cwd: dir, env });
  expect(v.code).toBe(1);
  expect(v.stderr).toContain('inventory_file: "no-such-inventory" does not exist');
});

test('SIGINT while a task runs through the adapter: ansible-playbook stops, the build is cancelled, nothing is left', async () => {
  writeFileSync(join(dir, 'slow.yml'), ['- hosts: all', '  gather_facts: false', '  tasks:', '    - name: wait a long time', '      command: sleep 60', ''].join('\n'));
  const path = template('cancel', [{ type: 'ansible', use_proxy: true, playbook_file: join(dir, 'slow.yml') }]);
  let child: import('node:child_process').ChildProcess | undefined;
  let sent = false;
  const r = await runPack(['build', path], {
    cwd: dir,
    env,
    onSpawn: (c) => (child = c),
    onStdout: (_c, soFar) => {
      if (!sent && soFar.includes('TASK [wait a long time]')) {
        sent = true;
        // Give ansible a moment to start the command on the machine.
        setTimeout(() => child?.kill('SIGINT'), 1000);
      }
    },
  });
  expect(sent).toBe(true);
  expect(r.code).toBe(1);
  expect(stripAnsi(r.stdout)).toContain('Build was cancelled.');
  const left = spawnSync('pgrep', ['-f', join(dir, 'slow.yml')], { encoding: 'utf8' }).stdout.trim();
  expect(left).toBe('');
  expect(readdirSync(env.TMPDIR).filter((n) => n.startsWith('pack-ansible') || n.startsWith('packer-provisioner'))).toEqual([]);
});
