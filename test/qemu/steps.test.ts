// The qemu builder's steps in-process against a fake driver: which qemu-img and QEMU commands
// they give, what the shared steps put in the state (HTTP address, key pair, output folder),
// and the typed keys the boot command goes through. The real QEMU runs are in build.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATE, getState, type BuildContext, type CommonSteps, type StateBag, type Step } from '../../src/core/components.js';
import { runSteps } from '../../src/core/multistep.js';
import { qemuBuilder } from '../../src/components/builders/qemu/index.js';
import { S } from '../../src/components/builders/qemu/steps.js';
import { STEP_KEYS } from '../../src/steps/keys.js';
import { decoded } from '../helpers/decode.js';
import { MockQemuDriver } from './driver-mock.js';

let dir: string;
let cwd: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pack-qemu-steps-'));
  writeFileSync(join(dir, 'disk.iso'), 'iso bytes');
  cwd = process.cwd();
  process.chdir(dir);
});
afterAll(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

const lines: string[] = [];
const ctx = {
  buildName: 'x', displayName: 'x', builderType: 'qemu', templateDir: '', signal: new AbortController().signal,
  ui: { say: (t: string) => lines.push(t), message: (t: string) => lines.push(t), error: (t: string) => lines.push(t), output: () => {}, progress: () => {}, ask: async () => '' },
  onError: 'cleanup', debug: false, force: false, runUuid: 'r', addSecret: () => {}, tempDir: '',
  render: (text: string, data: Record<string, unknown> = {}) => text.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => String(data[k] ?? '')),
} as unknown as BuildContext;

/** Connect and provision as no-ops: these tests are about the builder's own steps. */
const common: CommonSteps = {
  connect: (): Step => ({ id: 'connect', title: 'connect', kind: 'connect', run: async () => 'continue' }),
  provision: (): Step => ({ id: 'provision', title: 'provision', kind: 'provision', run: async () => 'continue' }),
};

async function build(raw: Record<string, unknown>, driver: MockQemuDriver) {
  const config = decoded('builder', 'qemu', { iso_url: 'disk.iso', iso_checksum: 'none', communicator: 'none', ...raw });
  const builder = qemuBuilder(config, 'x', driver);
  const state: StateBag = new Map();
  const ran: string[] = [];
  const result = await runSteps(builder.steps(common), {
    state, ctx: { ...ctx, templateDir: dir }, onError: 'cleanup', debug: false,
    hooks: { start: (s) => ran.push(s.id), end: () => {} },
  });
  return { result, state, ran, artifact: await builder.artifact(state, ctx) };
}

describe('qemu builder steps over a fake driver', () => {
  it('an ISO build: shared steps in order, qemu-img create with the size in bytes, QEMU args, compaction', async () => {
    const d = new MockQemuDriver();
    d.selfStopping = true;
    const { result, state, ran, artifact } = await build(
      { disk_size: '10G', disk_additional_size: ['1G'], boot_wait: '0s', http_content: { '/a': 'x' }, boot_command: ['ab<enter>'], output_directory: 'out-iso' },
      d,
    );
    expect(result.error?.message).toBeUndefined();
    expect(ran).toEqual(['qemu:check', 'qemu:iso', 'qemu:output-directory', 'qemu:disk', 'qemu:key-pair', 'qemu:http-server', 'qemu:run', 'qemu:boot-command', 'connect', 'provision', 'qemu:shutdown', 'qemu:finalize']);
    const out = join(dir, 'out-iso', 'packer-x');
    expect(d.calls).toContain(`qemu-img create -q -f qcow2 ${out} ${10 * 2 ** 30}`);
    expect(d.calls).toContain(`qemu-img create -q -f qcow2 ${out}-1 ${2 ** 30}`);
    expect(d.calls).toContain(`qemu-img convert -q -f qcow2 -O qcow2 ${out} ${out}.compact`);
    const [m] = d.machines;
    expect(m.args.join(' ')).toMatch(new RegExp(`hostfwd=tcp:[0-9.]*:${getState(state, S.sshPort)}-:22`));
    expect(m.args).toEqual(expect.arrayContaining(['-machine', 'type=pc,accel=tcg']));
    // The boot command went out as QMP key events: a, b, enter.
    const keys = m.qmp.filter((q) => q.command === 'input-send-event').length;
    expect(keys).toBeGreaterThanOrEqual(3);
    // The HTTP server step wrote the address the guest sees; the key pair step its key.
    expect(getState(state, STATE.http)).toMatchObject({ ip: '10.0.2.2' });
    expect(getState(state, STATE.sshKeyPair)?.publicKey).toMatch(/^ssh-ed25519 /);
    expect(getState(state, STEP_KEYS.outputKept)).toBe(true);
    expect(artifact?.string()).toBe('VM files in directory: out-iso');
    expect(existsSync(join(dir, 'out-iso'))).toBe(true);
  });

  it('accelerator none: the machine starts without acceleration, with a warning as Packer gives', async () => {
    const d = new MockQemuDriver();
    d.selfStopping = true;
    lines.length = 0;
    const { result } = await build({ accelerator: 'none', boot_wait: '0s', output_directory: 'out-none' }, d);
    expect(result.error?.message).toBeUndefined();
    expect(d.machines[0].args).toEqual(expect.arrayContaining(['-machine', 'type=pc']));
    expect(lines.filter((l) => /^WARNING: .*no hardware acceleration/.test(l))).toHaveLength(1);
    lines.length = 0;
    await build({ accelerator: 'tcg', boot_wait: '0s', output_directory: 'out-tcg' }, d);
    expect(lines.filter((l) => /no hardware acceleration/.test(l))).toEqual([]);
  });

  it('disk_image: the same format is copied, another converted, and a larger disk_size resizes', async () => {
    const d = new MockQemuDriver();
    d.selfStopping = true;
    d.images.set(join(dir, 'disk.iso'), { format: 'raw', virtualSize: 2 ** 20 });
    const { result } = await build({ disk_image: true, disk_size: '64M', boot_wait: '0s', output_directory: 'out-img', skip_compaction: true }, d);
    expect(result.error?.message).toBeUndefined();
    const out = join(dir, 'out-img', 'packer-x');
    expect(d.calls).toContain(`qemu-img convert -q -f raw -O qcow2 ${join(dir, 'disk.iso')} ${out}`);
    expect(d.calls).toContain(`qemu-img resize -q -f qcow2 ${out} ${64 * 2 ** 20}`);
    expect(d.calls.some((c) => c.startsWith('qemu-img convert -q -f qcow2'))).toBe(false);

    const same = new MockQemuDriver();
    same.selfStopping = true;
    same.images.set(join(dir, 'disk.iso'), { format: 'qcow2', virtualSize: 2 ** 30 });
    await build({ disk_image: true, boot_wait: '0s', output_directory: 'out-same', skip_compaction: true, disk_size: '512M' }, same);
    expect(same.calls).toContain(`copy ${join(dir, 'disk.iso')} ${join(dir, 'out-same', 'packer-x')}`);
    expect(same.calls.some((c) => c.startsWith('qemu-img resize'))).toBe(false);
  });

  it('a machine that never stops: shutdown_timeout fails the build and the output folder is removed', async () => {
    const d = new MockQemuDriver();
    const { result } = await build({ boot_wait: '0s', shutdown_timeout: '10ms', output_directory: 'out-stuck' }, d);
    expect(result.error?.message).toBe('the machine did not stop within shutdown_timeout (10ms) by itself (communicator none); it was stopped and the disk discarded');
    expect(readdirSync(dir)).not.toContain('out-stuck');
    expect(d.machines[0].running).toBe(false);
  });
});
