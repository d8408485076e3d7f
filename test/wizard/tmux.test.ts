// The real binary in a real terminal: tmux on a private socket runs `pack init`, the test types keys and reads
// the screen. Needs tmux (apt package "tmux") and a built pack (`npm run build`).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACK_BIN, runPack } from '../helpers/pack.js';
import { startSshd, type SshServer } from '../helpers/sshd.js';
import { BASE_IMAGE, startPodman, type PodmanService } from '../helpers/podman.js';
import { ensureGuest } from '../fixtures/guest/guest.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';

const SOCKET = `pack-wizard-test-${process.pid}`;

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.error) throw new Error(`tmux (apt package "tmux") is needed by this test: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const screen = (session: string) => tmux('capture-pane', '-p', '-t', session, '-S', '-200');

async function waitFor(session: string, test: (s: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = screen(session);
    if (test(s)) return s;
    if (Date.now() > deadline) throw new Error(`waited for ${what}; the screen shows:\n${s}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const showing = (session: string, text: string) => waitFor(session, (s) => s.includes(text), JSON.stringify(text));

function keys(session: string, ...k: string[]) {
  tmux('send-keys', '-t', session, ...k);
}

/** The screen once two captures 60 ms apart agree (Ink may be half-way through writing a frame). */
async function settled(session: string): Promise<string> {
  let last = screen(session);
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 60));
    const now = screen(session);
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** Moves the cursor down until the focused row (❯) contains `label`. */
async function focus(session: string, label: string) {
  for (let i = 0; i < 40; i++) {
    const row = (await settled(session)).split('\n').find((l) => l.includes('❯'));
    if (row && (row.includes(label) || row.trimEnd().endsWith(label.trimEnd()))) return;
    keys(session, 'j');
    await waitFor(session, (s) => s.split('\n').find((l) => l.includes('❯')) !== row, 'the cursor to move');
  }
  throw new Error(`no row ${label}`);
}

/** On the provisioners screen: adds one whose first field, inline, becomes `command` (typed fast, as one paste). */
async function addProvisioner(session: string, type: string, row: string, command: string) {
  keys(session, 'a');
  await showing(session, 'Which provisioner?');
  await focus(session, row);
  keys(session, 'Enter');
  await showing(session, `Settings of the provisioner ${type}`);
  keys(session, 'Home', 'Enter');
  await showing(session, 'Tab/Ctrl-D done');
  keys(session, ...Array(60).fill('BSpace'));
  keys(session, '-l', command);
  keys(session, 'Tab');
  await showing(session, `inline: ${command}`);
  keys(session, 'End', 'Enter');
  await showing(session, `1. ${type}`);
}

/** From the variables screen: continue, wait for the validator's "valid", write, then build it now; the end screen. */
async function writeAndBuild(session: string, timeoutMs: number): Promise<string> {
  await showing(session, 'Turn values into variables');
  keys(session, 'Enter');
  await waitFor(session, (sc) => sc.includes('pack validate agrees'), 'the verdict', 30_000);
  keys(session, 'Enter');
  await showing(session, 'Write it to which file?');
  keys(session, 'Enter');
  await showing(session, 'Wrote');
  keys(session, 'b');
  return waitFor(session, (sc) => sc.includes('EXIT='), 'the build to end', timeoutMs);
}

function startSession(name: string, dir: string, env = '') {
  // env -u CI: the wizard only starts without CI; stty -a afterwards shows the terminal's modes.
  // EXIT= comes last, so a test that waits for it also has the modes on screen.
  const cmd = `env -u CI ${env} node ${PACK_BIN} init; code=$?; echo "MODES:"; stty -a; echo "EXIT=$code"; sleep 120`;
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', '-c', dir, cmd);
}

function sane(s: string) {
  const modes = s.slice(s.indexOf('MODES:'));
  expect(modes).toContain('MODES:');
  expect(modes).toMatch(/(^|\s)icanon(\s|$)/m);
  expect(modes).toMatch(/(^|\s)echo(\s|$)/m);
  expect(modes).not.toMatch(/(^|\s)-icanon/m);
  expect(modes).not.toMatch(/(^|\s)-echo(\s|$)/m);
}

describe('pack init in a real terminal', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(join(PACK_BIN, '..', '..', 'dist', 'main.js'))) throw new Error('pack is not built: run npm run build');
    dir = mkdtempSync(join(tmpdir(), 'pack-wizard-tmux-'));
  });
  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // no server left
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('walks every step, writes a template that pack validate accepts, builds it, and leaves the terminal sane', async () => {
    startSession('walk', dir);
    // The first keys go in as soon as the pre-painted screen shows, usually before Ink has loaded: none may be lost.
    await showing('walk', 'How do you want to start?');
    keys('walk', 'Enter');
    const builders = await showing('walk', 'Which builders?');
    expect(builders).toMatch(/null \[runs here\]/);
    expect(builders).toContain('Space toggle');
    keys('walk', 'Enter');
    const comm = await showing('walk', 'How does pack talk to the null machine?');
    // The cursor starts on the builder's default (ssh); none is below it.
    expect(comm).toMatch(/❯ ssh .*builder's default/);
    keys('walk', 'j', 'Enter');
    await showing('walk', 'Provisioners (run in this order)');
    await addProvisioner('walk', 'shell-local', 'shell-local', 'echo wizard-was-here');
    keys('walk', 'End', 'Enter');
    await showing('walk', 'Post-processors');
    keys('walk', 'a');
    await showing('walk', 'Which post-processor?');
    await focus('walk', 'manifest');
    keys('walk', 'Enter');
    await showing('walk', 'Settings of the post-processor manifest');
    keys('walk', 'End', 'Enter');
    await showing('walk', 'chain 1 · manifest');
    keys('walk', 'End', 'Enter');
    await showing('walk', 'Turn values into variables');
    keys('walk', 'End', 'Enter');
    const review = await showing('walk', 'pack validate agrees');
    expect(review).toContain('echo wizard-was-here');
    keys('walk', 'Enter');
    await showing('walk', 'Write it to which file?');
    keys('walk', 'Enter');
    await showing('walk', 'Wrote');
    // Build it now: pack build runs in the same terminal once the wizard has closed.
    keys('walk', 'b');
    const end = await waitFor('walk', (s) => s.includes('EXIT='), 'the build to end', 60_000);
    expect(end).toContain("Build 'null' finished");
    expect(end).toContain('EXIT=0');
    sane(end);
    expect(tmux('display', '-p', '-t', 'walk', '#{cursor_flag}').trim()).toBe('1');

    const v = await runPack(['validate', 'template.yaml'], { cwd: dir });
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    const b = await runPack(['build', 'template.yaml'], { cwd: dir, env: { CI: 'true' } });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain('wizard-was-here');
  });

  it('leaves on Ctrl-C, writes nothing and restores the terminal', async () => {
    const sub = mkdtempSync(join(dir, 'cancel-'));
    startSession('cancel', sub);
    await showing('cancel', 'How do you want to start?');
    keys('cancel', 'Enter');
    await showing('cancel', 'Which builders?');
    keys('cancel', 'C-c');
    const end = await showing('cancel', 'EXIT=');
    expect(end).toContain('Nothing written.');
    expect(end).toContain('EXIT=130');
    sane(end);
    expect(spawnSync('ls', ['-A', sub], { encoding: 'utf8' }).stdout).toBe('');
  });
  it('null over SSH: the typed password is asked again at build time, never written to any file, and the build runs', async () => {
    const sub = mkdtempSync(join(dir, 'ssh-'));
    let server: SshServer | undefined;
    try {
      server = await startSshd();
      const secret = server.password;
      startSession('ssh', sub);
      await showing('ssh', 'How do you want to start?');
      keys('ssh', 'Enter');
      await showing('ssh', 'Which builders?');
      keys('ssh', 'Enter');
      await showing('ssh', 'How does pack talk to the null machine?');
      keys('ssh', 'Enter');
      await showing('ssh', 'Settings of the communicator ssh');
      const editing = (sc: string) => sc.includes('Enter accept');
      const field = async (label: string, value: string, clear = 0) => {
        await focus('ssh', `${label}:`);
        keys('ssh', 'Enter');
        await waitFor('ssh', editing, `${label} to be edited`);
        if (clear) keys('ssh', ...Array(clear).fill('BSpace'));
        keys('ssh', '-l', value);
        keys('ssh', 'Enter');
        await waitFor('ssh', (sc) => !editing(sc), `${label} to be kept`);
      };
      keys('ssh', 'Home');
      await waitFor('ssh', (sc) => /❯ ssh_host:/.test(sc), 'the first field');
      await field('ssh_host', server.host);
      await field('ssh_port', String(server.port), 4);
      await field('ssh_username', server.user);
      await field('ssh_password', secret);
      const form = screen('ssh');
      expect(form).not.toContain(secret);
      keys('ssh', 'End', 'Enter');
      await showing('ssh', 'Provisioners (run in this order)');
      await addProvisioner('ssh', 'shell', 'shell ', 'echo hello from pack over ssh');
      keys('ssh', 'End', 'Enter');
      await showing('ssh', 'Post-processors');
      keys('ssh', 'End', 'Enter');
      await showing('ssh', 'Turn values into variables');
      keys('ssh', 'Enter');
      const review = await waitFor('ssh', (s) => s.includes('pack validate agrees'), 'the verdict', 30_000);
      expect(review).not.toContain(secret);
      keys('ssh', 'Enter');
      await showing('ssh', 'Write it to which file?');
      keys('ssh', 'Enter');
      await showing('ssh', 'Save the secret values');
      // Build it now: pack build asks for the password the template does not hold.
      keys('ssh', 'b');
      await waitFor('ssh', (s) => /var\.ssh_password[^]*Enter a value:/.test(s), 'the password question', 30_000);
      keys('ssh', '-l', secret);
      keys('ssh', 'Enter');
      const end = await waitFor('ssh', (s) => s.includes('EXIT='), 'the build to end', 90_000);
      expect(end).toContain('EXIT=0');
      expect(end).toMatch(/✔ Connect \(ssh\) → 127\.0\.0\.1/);
      const log = readFileSync(/log: (\S+null\.log)/.exec(end)![1]!, 'utf8');
      expect(log).toContain('hello from pack over ssh');
      expect(log).not.toContain(secret);
      expect(end).not.toContain(secret);
      // No file the wizard or the build wrote holds the secret.
      const files = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));
      for (const f of files(sub)) expect(readFileSync(f, 'utf8'), f).not.toContain(secret);
      expect(readFileSync(join(sub, 'template.yaml'), 'utf8')).toContain('ssh_password: null');
    } finally {
      await server?.stop();
    }
  }, 180_000);
  it('file: a template the wizard calls valid builds, with a compress post-processor on its file', async () => {
    const sub = mkdtempSync(join(dir, 'file-'));
    startSession('file', sub);
    await showing('file', 'How do you want to start?');
    keys('file', 'Enter');
    await showing('file', 'Which builders?');
    await focus('file', 'file ');
    keys('file', 'Enter');
    await showing('file', 'Settings of the builder file');
    for (const [label, value] of [['target', 'out/hello.txt'], ['content', 'hello from the wizard']] as const) {
      await focus('file', `${label}`);
      keys('file', 'Enter');
      await showing('file', 'Enter accept');
      keys('file', '-l', value);
      keys('file', 'Enter');
      await waitFor('file', (sc) => !sc.includes('Enter accept'), `${label} to be kept`);
    }
    keys('file', 'End', 'Enter');
    await showing('file', 'Provisioners (run in this order)');
    keys('file', 'End', 'Enter');
    await showing('file', 'Post-processors');
    keys('file', 'a');
    await showing('file', 'Which post-processor?');
    await focus('file', 'compress');
    keys('file', 'Enter');
    await showing('file', 'Settings of the post-processor compress');
    keys('file', 'End', 'Enter');
    await showing('file', 'chain 1 · compress');
    keys('file', 'End', 'Enter');
    const end = await writeAndBuild('file', 60_000);
    expect(end).toContain('EXIT=0');
    expect(end).toMatch(/✔ compress/);
    // compress took the file (its input is not kept) and left an archive, named in the final frame.
    const archive = /artifact: compressed artifacts in: (\S+)/.exec(end)?.[1];
    expect(archive, end).toBeTruthy();
    expect(statSync(join(sub, archive!)).size).toBeGreaterThan(0);
    expect(existsSync(join(sub, 'out', 'hello.txt'))).toBe(false);
  }, 120_000);
  it('docker on Podman: a template the wizard calls valid builds in a container', async () => {
    const sub = mkdtempSync(join(dir, 'docker-'));
    let podman: PodmanService | undefined;
    try {
      podman = await startPodman();
      startSession('docker', sub, `DOCKER_HOST=${podman.dockerHost}`);
      await showing('docker', 'How do you want to start?');
      keys('docker', 'Enter');
      await showing('docker', 'Which builders?');
      await focus('docker', 'docker ');
      keys('docker', 'Enter');
      await showing('docker', 'Settings of the builder docker');
      await focus('docker', 'image');
      keys('docker', 'Enter');
      await showing('docker', 'Enter accept');
      keys('docker', '-l', BASE_IMAGE);
      keys('docker', 'Enter');
      await showing('docker', `image*: ${BASE_IMAGE}`);
      // The image exists only here: no pull; the container is thrown away at the end.
      for (const flag of ['discard:', 'pull:']) {
        keys('docker', 'Home');
        await waitFor('docker', (sc) => /❯ image/.test(sc), 'the first field');
        await focus('docker', flag);
        const before = screen('docker');
        keys('docker', 'Space');
        await waitFor('docker', (sc) => sc !== before, `${flag} to toggle`);
      }
      keys('docker', 'End', 'Enter');
      await showing('docker', 'How does pack talk to the docker machine?');
      keys('docker', 'Enter');
      await waitFor('docker', (sc) => sc.includes('Provisioners (run in this order)') || sc.includes('Settings of the communicator'), 'the next screen');
      if (screen('docker').includes('Settings of the communicator')) keys('docker', 'End', 'Enter');
      await showing('docker', 'Provisioners (run in this order)');
      await addProvisioner('docker', 'shell', 'shell ', 'echo in-container-$(uname -s)');
      keys('docker', 'End', 'Enter');
      await showing('docker', 'Post-processors');
      keys('docker', 'End', 'Enter');
      const end = await writeAndBuild('docker', 120_000);
      expect(end).toContain('EXIT=0');
      const log = readFileSync(/log: (\S+docker\.log)/.exec(end)![1]!, 'utf8');
      expect(log).toContain('in-container-Linux');
    } finally {
      await podman?.stop();
    }
  }, 240_000);
  it('qemu with the test guest: its own defaults parse, and the template the wizard calls valid builds', async () => {
    const guest = ensureGuest();
    const sub = mkdtempSync(join(dir, 'qemu-'));
    startSession('qemu', sub);
    await showing('qemu', 'How do you want to start?');
    keys('qemu', 'Enter');
    await showing('qemu', 'Which builders?');
    await focus('qemu', 'qemu ');
    keys('qemu', 'Enter');
    await showing('qemu', 'Settings of the builder qemu');
    const set = async (label: string, value: string, clear = 0, multi = false) => {
      keys('qemu', 'Home');
      await waitFor('qemu', (sc) => /❯ iso_url/.test(sc), 'the first field');
      await focus('qemu', `${label}`);
      keys('qemu', 'Enter');
      await showing('qemu', multi ? 'Tab/Ctrl-D done' : 'Enter accept');
      if (clear) keys('qemu', ...Array(clear).fill('BSpace'));
      keys('qemu', '-l', value);
      keys('qemu', multi ? 'Tab' : 'Enter');
      await waitFor('qemu', (sc) => !sc.includes(multi ? 'Tab/Ctrl-D done' : 'Enter accept'), `${label} to be kept`);
    };
    await set('iso_url', guest.iso);
    await set('iso_checksum', 'none');
    await set('boot_wait', '8s', 6);
    // isolinux waits for "pack"; the guest's shell then powers it off (no communicator).
    await set('boot_command', 'pack<enter><wait60>poweroff -f<enter>', 0, true);
    const form = screen('qemu');
    expect(form).toContain('disk_size: 40960M');
    // KVM exists here but guests fail on it (nested): the advanced accelerator field says tcg.
    await focus('qemu', '▸ advanced');
    keys('qemu', 'Enter');
    await showing('qemu', '▾ advanced');
    await focus('qemu', 'accelerator:');
    // A field with a few values cycles through them.
    for (let i = 0; i < 5 && !/accelerator: tcg/.test(screen('qemu')); i++) {
      const before = screen('qemu');
      keys('qemu', 'Space');
      await waitFor('qemu', (sc) => sc !== before, 'the accelerator to change');
    }
    await showing('qemu', 'accelerator: tcg');
    keys('qemu', 'End', 'Enter');
    await showing('qemu', 'How does pack talk to the qemu machine?');
    keys('qemu', 'j', 'Enter');
    await showing('qemu', 'Provisioners (run in this order)');
    keys('qemu', 'End', 'Enter');
    await showing('qemu', 'Post-processors');
    keys('qemu', 'End', 'Enter');
    const end = await writeAndBuild('qemu', 400_000);
    expect(end).toContain("Build 'qemu' finished");
    expect(end).toContain('EXIT=0');
    expect(readdirSync(join(sub, 'output-qemu')).length).toBeGreaterThan(0);
  }, 480_000);
});
