// `pack build` of a docker image on Podman, provisioned by ansible through pack's SSH adapter
// (the docker communicator has no SSH): a `raw` task, as the busybox image has no Python.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool, startPodman, BASE_IMAGE, type PodmanService } from '../helpers/podman.js';
import { runPack, stripAnsi } from '../helpers/pack.js';

let podman: PodmanService;
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
