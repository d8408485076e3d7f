// Times the ansible provisioner over SSH: `pack build` against `packer build` (1.6.6) on the same
// template and playbook (a role and five tasks), against a loopback sshd it starts itself
// (test/helpers/sshd.ts: its user's shell is /bin/sh, so no ~/.bashrc/pyenv start-up).
// pack runs ansible-playbook straight over SSH; Packer, by default, through its SSH adapter.
// Each run gets its own ANSIBLE_SSH_CONTROL_PATH_DIR, so no run reuses another's SSH master.
// Also times pack through its adapter (use_proxy: true), and ansible-playbook alone with the arguments and
// inventory pack gives it: the floor no provisioner can go below. Prints medians (wall and CPU) and ratios.
// Goal: pack <= 0.8x Packer (wall).
// Run after `npm run build`: node bench/ansible.mjs [runs]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { median, requireTools, timeCommandCpuAsync } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packBin = join(root, 'bin', 'pack');
const runs = Number(process.argv[2] ?? 5);

requireTools('ansible', [['packer', 'packer'], ['ansible-playbook', 'ansible']]);

const { startSshd, nullBuilderFor } = await tsImport('../test/helpers/sshd.ts', import.meta.url);
const server = await startSshd();
const dir = mkdtempSync(join(tmpdir(), 'pack-bench-ansible-'));
const out = join(dir, 'machine');
mkdirSync(join(dir, 'roles', 'bench', 'tasks'), { recursive: true });
mkdirSync(out);
writeFileSync(
  join(dir, 'roles', 'bench', 'tasks', 'main.yml'),
  [
    '- name: a folder',
    '  file: { path: "{{ out }}/tree", state: directory }',
    '- name: a file',
    '  copy: { dest: "{{ out }}/tree/motd", content: "hello {{ who }}\\n" }',
    '- name: a line',
    '  lineinfile: { path: "{{ out }}/tree/motd", line: "second line" }',
    '',
  ].join('\n'),
);
writeFileSync(
  join(dir, 'site.yml'),
  ['- hosts: all', '  gather_facts: false', '  roles: [bench]', '  tasks:', '    - command: "true"', '    - shell: echo done > {{ out }}/done', ''].join('\n'),
);
const template = join(dir, 'ansible.json');
writeFileSync(
  template,
  JSON.stringify({
    builders: [nullBuilderFor(server)],
    provisioners: [
      {
        type: 'ansible',
        playbook_file: join(dir, 'site.yml'),
        extra_arguments: ['--extra-vars', `who=bench out=${out}`],
        user: server.user,
        // Packer's default (/usr/lib/sftp-server) is not where Debian puts it; its adapter needs it for transfers.
        sftp_command: '/usr/lib/openssh/sftp-server -e',
        use_sftp: true,
        // Packer 1.6.6's adapter offers only ssh-rsa (SHA-1) keys, which OpenSSH 9 refuses unless asked.
        ansible_ssh_extra_args: ['-o IdentitiesOnly=yes -o HostKeyAlgorithms=+ssh-rsa -o PubkeyAcceptedAlgorithms=+ssh-rsa'],
      },
    ],
  }),
);

// The same through pack's adapter (use_proxy), as Packer does by default.
const proxied = JSON.parse(readFileSync(template, 'utf8'));
proxied.provisioners[0].use_proxy = true;
const proxyTemplate = join(dir, 'ansible-proxy.json');
writeFileSync(proxyTemplate, JSON.stringify(proxied));

// ansible-playbook alone, as pack runs it over SSH (its arguments, inventory line and environment).
const inventory = join(dir, 'inventory');
writeFileSync(inventory, `default ansible_host=127.0.0.1 ansible_user=${server.user} ansible_port=${server.port}\n`);
const { ansible_ssh_extra_args: sshExtra, extra_arguments: extra } = JSON.parse(readFileSync(template, 'utf8')).provisioners[0];
const aloneArgs = [
  '-e', 'packer_build_name="x"', '-e', 'packer_builder_type=null',
  '--ssh-extra-args', `'${sshExtra.join('')}'`, ...extra,
  '-e', `ansible_ssh_private_key_file=${server.privateKeyPath}`, '-i', inventory, join(dir, 'site.yml'),
];

let n = 0;
const time = (cmd, args) => {
  const cp = join(dir, `cp-${n++}`);
  mkdirSync(cp);
  const env = { ...process.env, CI: '1', ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_SSH_CONTROL_PATH_DIR: cp, ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_NOCOLOR: '1' };
  // Asynchronously: this process must keep reading the sshd's log, or a full pipe stalls its connections.
  return timeCommandCpuAsync(cmd, args, { cwd: dir, env });
};

const contenders = {
  'pack build (ansible)': () => time(process.execPath, [packBin, 'build', '-color=false', template]),
  'pack build (use_proxy)': () => time(process.execPath, [packBin, 'build', '-color=false', proxyTemplate]),
  'packer build (ansible)': () => time('packer', ['build', '-color=false', template]),
  'ansible-playbook alone': () => time('ansible-playbook', aloneArgs),
};

try {
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (const run of Object.values(contenders)) await run(); // warm-up: file cache, Python's bytecode
  for (let i = 0; i < runs; i++) for (const [k, run] of Object.entries(contenders)) times[k].push(await run());
  console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${runs} alternating rounds)`);
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v.map((r) => r.ms))]));
  const cpu = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v.map((r) => r.cpuMs))]));
  for (const [k, v] of Object.entries(m)) {
    console.log(`${k.padEnd(26)} ${v.toFixed(0).padStart(6)} ms   CPU ${cpu[k].toFixed(0).padStart(5)} ms   [medians of ${runs}]`);
  }
  const ratio = m['pack build (ansible)'] / m['packer build (ansible)'];
  const met = ratio <= 0.8;
  console.log(`ansible: pack / packer${' '.repeat(14)} ratio ${ratio.toFixed(2)}  (goal <= 0.8: ${met ? 'met' : 'NOT met'})`);
  console.log(`ansible: pack (use_proxy) / packer${' '.repeat(2)} ratio ${(m['pack build (use_proxy)'] / m['packer build (ansible)']).toFixed(2)}`);
  // CPU is steadier on a shared machine. It counts ansible and its ssh processes on both sides, Packer's
  // adapter (in process) but not sshd's share of pack's direct connection, nor a daemonised ssh master.
  const alone = m['ansible-playbook alone'];
  console.log(`floor: ansible-playbook alone / packer${' '.repeat(2)} ratio ${(alone / m['packer build (ansible)']).toFixed(2)}   (pack's own share: ${(m['pack build (ansible)'] - alone).toFixed(0)} ms, Packer's: ${(m['packer build (ansible)'] - alone).toFixed(0)} ms)`);
  console.log(`ansible CPU: pack / packer${' '.repeat(10)} ratio ${(cpu['pack build (ansible)'] / cpu['packer build (ansible)']).toFixed(2)}`);
  console.log(`ansible CPU: pack (use_proxy) / packer ratio ${(cpu['pack build (use_proxy)'] / cpu['packer build (ansible)']).toFixed(2)}`);
  process.exitCode = met ? 0 : 1;
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
