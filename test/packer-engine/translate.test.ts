// The Packer engine's line parser and translator, on lines recorded from Packer 1.6.6 (fixtures/
// packer-1.6.6-*.txt, a null build over SSH with shell and puppet-masterless, and a local one) and on
// the same lines in the form later Packer versions write (the target field filled).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMachineLine, readUiLine } from '../../src/packer-engine/machine-line.js';
import { PackerOutputTranslator, type PlannedComponent } from '../../src/packer-engine/translate.js';
import type { PackEventInput } from '../../src/core/events.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

function translate(text: string, build: string, provisioners: PlannedComponent[], postProcessors: PlannedComponent[] = [], code = 0) {
  const events: PackEventInput[] = [];
  let clock = 0;
  const t = new PackerOutputTranslator({ build, builderType: 'null', provisioners, postProcessors, emit: (e) => events.push(e), now: () => (clock += 10) });
  // In uneven chunks, as a pipe delivers them.
  for (let i = 0; i < text.length; i += 37) t.write(text.slice(i, i + 37));
  const end = t.finish({ code, cancelled: false });
  return { events, end, steps: events.filter((e) => e.type === 'step-start').map((e) => (e.type === 'step-start' ? `${e.step} ${e.title}` : '')) };
}

const sshProvisioners: PlannedComponent[] = [
  { id: 'provision:0', type: 'shell', title: 'shell: 2 inline commands' },
  { id: 'provision:1', type: 'puppet-masterless', title: 'puppet-masterless' },
  { id: 'provision:2', type: 'shell', title: 'fails' },
];

describe('machine-readable lines', () => {
  it('split into timestamp, target, type and unescaped data', () => {
    expect(parseMachineLine('1796204896,one,artifact,0,file,0,/tmp/a%!(PACKER_COMMA)b.txt')).toEqual({
      timestamp: 1796204896,
      target: 'one',
      type: 'artifact',
      data: ['0', 'file', '0', '/tmp/a,b.txt'],
    });
    expect(parseMachineLine('1796204896,,ui,say,\\n==> Wait completed')?.data).toEqual(['say', '\n==> Wait completed']);
    expect(parseMachineLine('panic: something')).toBeUndefined();
  });

  it('read ui lines of Packer 1.6 (empty target, the name as prefix) and later (target filled)', () => {
    const old = readUiLine(parseMachineLine('1,,ui,message,    one (shell-local): pp')!, 'one');
    expect(old).toEqual({ level: 'message', text: 'pp', prefixed: true, arrow: false, origin: 'shell-local' });
    const later = readUiLine(parseMachineLine('1,null.x,ui,say,==> null.x: Connected to SSH!')!, 'null.x');
    expect(later).toEqual({ level: 'say', text: 'Connected to SSH!', prefixed: true, arrow: true });
    const multi = readUiLine(parseMachineLine('1,,ui,error,==> one: first\\n==> one: second')!, 'one');
    expect(multi?.text).toBe('first\nsecond');
    expect(readUiLine(parseMachineLine("1,,ui,say,Build 'one' finished after 1 second.")!, 'one')?.prefixed).toBe(false);
  });
});

describe.each([
  ['Packer 1.6.6', 'packer-1.6.6-ssh-failed.txt'],
  ['the later form', 'packer-1.11-form-ssh-failed.txt'],
])('a failed SSH build with puppet-masterless, from %s', (_label, file) => {
  const { events, end, steps } = translate(fixture(file), 'srv', sshProvisioners, [], 1);

  it('has a step per builder line and one per provisioner, named as pack names them', () => {
    expect(steps).toEqual([
      'packer:1 Using ssh communicator to connect: 127.0.0.1',
      'packer:2 Waiting for SSH to become available...',
      'packer:3 Connected to SSH!',
      'provision:0 shell: 2 inline commands',
      'provision:1 puppet-masterless',
      'provision:2 fails',
      'provision:error-cleanup Error cleanup provisioner',
    ]);
  });

  it('ends the failed provisioner as failed, with durations, and the build with Packer\'s error', () => {
    const ends = events.filter((e) => e.type === 'step-end');
    expect(ends.find((e) => e.type === 'step-end' && e.step === 'provision:2')).toMatchObject({ status: 'failed' });
    expect(ends.find((e) => e.type === 'step-end' && e.step === 'provision:1')).toMatchObject({ status: 'done', durationMs: expect.any(Number) });
    expect(end.status).toBe('failed');
    expect(end.error).toBe('Script exited with non-zero exit status: 3.Allowed exit codes are: [0]');
  });

  it('keeps the streams of command output within their step', () => {
    const hi = events.find((e) => e.type === 'log' && e.text === 'hi sekret-123');
    expect(hi).toMatchObject({ build: 'srv', step: 'provision:0', level: 'message', stream: 'stdout' });
    const oops = events.find((e) => e.type === 'log' && e.text === 'oops');
    expect(oops).toMatchObject({ step: 'provision:0', level: 'error', stream: 'stderr' });
    const cleaning = events.find((e) => e.type === 'log' && e.text === 'cleaning up');
    expect(cleaning).toMatchObject({ step: 'provision:error-cleanup' });
  });

  it("leaves Packer's closing lines to pack", () => {
    expect(events.some((e) => e.type === 'log' && /Wait completed|Some builds|errored after/.test(e.text))).toBe(false);
  });
});

describe('a local build with post-processors, from Packer 1.6.6', () => {
  const { events, end, steps } = translate(
    fixture('packer-1.6.6-local-ok.txt'),
    'one',
    [
      { id: 'provision:0', type: 'shell-local', title: 'shell-local: 3 inline commands' },
      { id: 'provision:1', type: 'shell-local', title: 'shell-local: 1 inline command' },
    ],
    [
      { id: 'post-process:0.0', type: 'shell-local', title: 'shell-local: 1 inline command' },
      { id: 'post-process:0.1', type: 'manifest', title: 'manifest: m.json' },
    ],
  );

  it('names each post-processor step and logs its lines with their origin', () => {
    expect(steps).toEqual([
      'provision:0 shell-local: 3 inline commands',
      'provision:1 shell-local: 1 inline command',
      'post-process:0.0 shell-local: 1 inline command',
      'post-process:0.1 manifest: m.json',
    ]);
    expect(events.find((e) => e.type === 'log' && e.text === 'pp')).toMatchObject({ origin: 'shell-local', step: 'post-process:0.0' });
    expect(events.find((e) => e.type === 'log' && e.text === 'a,b')).toMatchObject({ step: 'provision:0' });
  });

  it('collects the artifacts with builder id, id and files', () => {
    expect(end.status).toBe('success');
    expect(end.artifacts).toHaveLength(3);
    expect(end.artifacts[0]).toEqual({ builderId: 'fnoeding.null', id: 'Null', files: [], description: 'Did not export anything. This is the null builder' });
  });
});

it('a build that Packer reports cancelled ends cancelled, its open step too', () => {
  const events: PackEventInput[] = [];
  const t = new PackerOutputTranslator({ build: 'x', builderType: 'null', provisioners: [], postProcessors: [], emit: (e) => events.push(e) });
  t.line('1,,ui,say,==> x: Waiting for SSH to become available...');
  const end = t.finish({ code: 1, cancelled: true });
  expect(end.status).toBe('cancelled');
  expect(events.at(-1)).toMatchObject({ type: 'step-end', step: 'packer:1', status: 'cancelled' });
});

it('files of an artifact keep their order and commas', () => {
  const t = new PackerOutputTranslator({ build: 'x', builderType: 'file', provisioners: [], postProcessors: [], emit: () => {} });
  for (const l of ['1,x,artifact,0,builder-id,packer.file', '1,x,artifact,0,files-count,2', '1,x,artifact,0,file,0,/o/a%!(PACKER_COMMA)1', '1,x,artifact,0,file,1,/o/b', '1,x,artifact,0,end']) t.line(l);
  expect(t.finish({ code: 0, cancelled: false }).artifacts[0].files).toEqual(['/o/a,1', '/o/b']);
});

it("a template Packer refuses: the build's error is Packer's own message", () => {
  const t = new PackerOutputTranslator({ build: 'x', builderType: 'null', provisioners: [], postProcessors: [], emit: () => {} });
  // Recorded from Packer 1.6.6 (a provisioner "name", which it does not know).
  t.line(`1796206093,,ui,error,Error: Failed to prepare build: "x"\\n\\nError decoding config: 1 error occurred:\\n	* unknown configuration key: '"name"'\\n\\n\\n\\n`);
  t.line('1796206093,,ui,say,\\n==> Wait completed after 5 microseconds');
  const end = t.finish({ code: 1, cancelled: false });
  expect(end).toMatchObject({ status: 'failed', error: `Error: Failed to prepare build: "x"\nError decoding config: 1 error occurred:\n\t* unknown configuration key: '"name"'` });
});

it('an HCL2 post-processor line, named or not, starts its step (recorded from Packer 1.6.6)', () => {
  const events: PackEventInput[] = [];
  const t = new PackerOutputTranslator({
    build: 'par.null.x',
    builderType: 'null',
    provisioners: [],
    postProcessors: [
      { id: 'post-process:0.0', type: 'manifest', title: 'manifest: hm.json' },
      { id: 'post-process:1.0', type: 'checksum', name: 'sums', title: 'sums' },
    ],
    emit: (e) => events.push(e),
  });
  t.line('1796208976,,ui,say,==> par.null.x: Running post-processor:  (type manifest)');
  t.line('1796208976,,ui,say,==> par.null.x: Running post-processor: sums (type checksum)');
  t.finish({ code: 0, cancelled: false });
  expect(events.filter((e) => e.type === 'step-start').map((e) => (e.type === 'step-start' ? e.title : ''))).toEqual(['manifest: hm.json', 'sums']);
});
