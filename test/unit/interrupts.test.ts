// How signals and other cancels add up to a force-quit (src/cli/interrupts.ts), in process:
// process.emit delivers a "signal" to the handlers without a real one.
import { afterEach, expect, it } from 'vitest';
import { handleInterrupts, type Interrupts } from '../../src/cli/interrupts.js';
import { EventBus } from '../../src/core/bus.js';

let current: Interrupts | undefined;
afterEach(() => current?.dispose());

function setUp() {
  const bus = new EventBus();
  const logs: string[] = [];
  bus.subscribe((e) => {
    if (e.type === 'log') logs.push(e.text);
  });
  const exits: number[] = [];
  current = handleInterrupts(bus, { exit: (c) => void exits.push(c), report: () => {} });
  return { i: current, logs, exits };
}

it('a hangup delivered twice (terminal and shell) and the stdout it closes cancel once and never force-quit', () => {
  const { i, logs, exits } = setUp();
  process.emit('SIGHUP');
  process.emit('SIGHUP');
  i.cancel('a closed output (stdout)');
  i.cancel('a log write error');
  expect(i.signal.aborted).toBe(true);
  expect(i.hungUp).toBe(true);
  expect(exits).toEqual([]);
  expect(logs).toEqual(['Cancelling build after receiving hangup']);
});

it('a third Ctrl-C still force-quits, also after a cancel that was not a person', () => {
  const { i, logs, exits } = setUp();
  i.cancel('a closed output (stdout)');
  process.emit('SIGINT');
  expect(exits).toEqual([]);
  expect(logs[1]).toMatch(/^Still cleaning up/);
  process.emit('SIGINT');
  expect(exits).toEqual([130]);
  expect(logs[0]).toBe('Cancelling build after receiving a closed output (stdout)');
});

it('three interrupts: cancel, warn, quit', () => {
  const { i, logs, exits } = setUp();
  process.emit('SIGINT');
  process.emit('SIGTERM');
  expect(exits).toEqual([]);
  i.interrupt('interrupt');
  expect(exits).toEqual([130]);
  expect(logs[0]).toBe('Cancelling build after receiving interrupt');
});
