// `pack build` of a docker image on Podman, provisioned by ansible through pack's SSH adapter
// (the docker communicator has no SSH): a `raw` task, as the busybox image has no Python.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool, startPodman, BASE_IMAGE, type PodmanService } from '../helpers/podman.js';
import { runPack, stripAnsi } from '../helpers/pack.js';
import { makeContext } from '../docker/harness.js';
import { communicator as dockerComm } from '../../src/components/communicators/docker/index.js';
import { createRequest } from '../../src/docker/run-command.js';
import { adapterKeys } from '../../src/ansible/adapter/keys.js';
import { startAdapter } from '../../src/ansible/adapter/server.js';

let podman: PodmanService;

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { timeout: 20_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr }),
    ),
  );
}
let dir: string;

beforeAll(async () => {
  requireTool('docker', 'docker.io');
  requireTool('ansible-playbook', 'ansible');
  podman = await startPodman();
  dir = mkdtempSync(join(tmpdir(), 'pack-ansible-docker-'));
  mkdirSync(join(dir, 'tmp'));
});
afterAll(async () => {
  await podman?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('ansible provisions a container through the adapter and the committed image holds the result', async () => {
  writeFileSync(
    join(dir, 'raw.yml'),
    [
      '- hosts: default',
      '  gather_facts: false',
      '  tasks:',
      '    - name: write a file with raw',
      '      raw: mkdir -p /srv && echo "{{ greeting }} via the adapter" > /srv/ansible.txt',
      '    - name: read it back',
      '      raw: cat /srv/ansible.txt',
      '',
    ].join('\n'),
  );
  const template = join(dir, 'docker.json');
  writeFileSync(
    template,
    JSON.stringify({
      builders: [{ type: 'docker', image: BASE_IMAGE, pull: false, commit: true, changes: ['ENTRYPOINT [""]', 'CMD ["cat", "/srv/ansible.txt"]'] }],
      provisioners: [{ type: 'ansible', playbook_file: join(dir, 'raw.yml'), extra_arguments: ['-e', 'greeting=hello'] }],
      'post-processors': [
        [
          { type: 'docker-tag', repository: 'local/ansible-e2e', tags: ['1'] },
          { type: 'vagrant', output: join(dir, '{{.Provider}}.box'), keep_input_artifact: true },
        ],
      ],
    }),
  );
  const before = await podman.containers();
  const r = await runPack(['build', template], {
    cwd: dir,
    env: { DOCKER_HOST: podman.dockerHost, TMPDIR: join(dir, 'tmp'), ANSIBLE_NOCOLOR: '1', ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, 'cp') },
  });
  const text = stripAnsi(r.stdout);
  expect(r.code, text + r.stderr).toBe(0);
  expect(text).toContain('Setting up proxy adapter for Ansible....');
  expect(text).toContain('    docker: TASK [write a file with raw]');
  const run = execFileSync('docker', ['-H', podman.dockerHost, 'run', '--rm', 'local/ansible-e2e:1'], { encoding: 'utf8' });
  expect(run).toBe('hello via the adapter\n');
  expect(await podman.containers()).toEqual(before);
  // The tagged image also became a docker-provider box.
  expect(text).toContain(`'docker' provider box: ${join(dir, 'docker.box')}`);
  expect(JSON.parse(execFileSync('tar', ['-xzOf', join(dir, 'docker.box'), 'metadata.json'], { encoding: 'utf8' }))).toEqual({ provider: 'docker' });
  expect(execFileSync('tar', ['-xzOf', join(dir, 'docker.box'), 'Vagrantfile'], { encoding: 'utf8' })).toContain('docker.image = "local/ansible-e2e:1"');
  // The adapter's keys and inventory went with it.
  expect(readdirSync(join(dir, 'tmp')).filter((n) => n.startsWith('pack-ansible') || n.startsWith('packer-provisioner'))).toEqual([]);
});

test("the adapter serves SFTP itself on a machine with no sftp-server: OpenSSH's sftp puts, renames and gets a file", async () => {
  const req = createRequest(['-d', '-i', '-t', '--entrypoint=/bin/sh', '--', BASE_IMAGE]);
  const containerId = (await podman.client.json('POST', '/containers/create', { query: req.query, body: req.body })).Id as string;
  await podman.client.call('POST', `/containers/${containerId}/start`);
  const comm = await dockerComm.connect({}, { container_id: containerId, docker_host: podman.dockerHost }, makeContext(), new Map());
  const work = mkdtempSync(join(dir, 'sftp-'));
  const keys = adapterKeys(work);
  const adapter = await startAdapter({ comm, keys, user: 'ansible', signal: new AbortController().signal, onProblem: () => {} });
  try {
    const payload = join(work, 'payload.bin');
    writeFileSync(payload, randomBytes(300_000));
    writeFileSync(
      join(work, 'batch'),
      [`put ${payload} /tmp/up.bin`, 'mkdir /tmp/d', 'rename /tmp/up.bin /tmp/d/moved.bin', `get /tmp/d/moved.bin ${join(work, 'back.bin')}`, 'chmod 600 /tmp/d/moved.bin', ''].join('\n'),
    );
    // Asynchronous: the adapter answers from this very process.
    const sftp = await run(
      'sftp',
      ['-b', join(work, 'batch'), '-i', keys.clientKeyFile!, '-P', String(adapter.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', 'ansible@127.0.0.1'],
    );
    expect(sftp.code, sftp.out).toBe(0);
    expect(readFileSync(join(work, 'back.bin')).equals(readFileSync(payload))).toBe(true);
    let listing = '';
    await comm.run({ command: 'ls -l /tmp/d/moved.bin; ls /usr/lib/openssh 2>&1', onStdout: (l) => (listing += l + '\n') });
    expect(listing).toMatch(/^-rw------- .* 300000 /m);
    expect(listing).toContain('No such file or directory');
  } finally {
    await adapter.close();
  }
});
