// What the qemu builder's steps need of the outside world, behind one small interface (after
// packer-plugin-qemu's driver.go): the real driver runs qemu-img and QEMU; test/qemu/driver-mock.ts
// records calls so the steps are unit-tested in-process.
import { copyFile, rename } from 'node:fs/promises';
import { detectAccelerator } from './accel.js';
import { imageInfo, qemuImg } from './qemu-img.js';
import { QemuProcess } from './qemu-process.js';
import { pickPort } from '../net/ports.js';
import type { StoppableMachine } from '../steps/shutdown.js';

/** The QMP commands the steps send. */
export interface QmpChannel {
  execute(command: string, args?: Record<string, unknown>): Promise<unknown>;
}

/** A started QEMU. */
export interface QemuMachine extends StoppableMachine {
  readonly pid: number | undefined;
  readonly running: boolean;
  /** The last lines QEMU printed, for error messages. */
  readonly lastLines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  connectQmp(socket: string): Promise<QmpChannel>;
}

export interface QemuDriver {
  /** Runs qemu-img with these arguments; its stdout. */
  qemuImg(args: string[], signal?: AbortSignal): Promise<string>;
  imageInfo(path: string): Promise<{ format: string; virtualSize: number }>;
  /** kvm where it really works, else tcg. */
  accelerator(qemuBinary: string): Promise<string>;
  freePort(min: number, max: number, host?: string): Promise<number>;
  start(binary: string, args: string[], onLine: (line: string) => void): QemuMachine;
  copyFile(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export const realQemuDriver: QemuDriver = {
  qemuImg,
  imageInfo,
  accelerator: (binary) => detectAccelerator(binary),
  freePort: (min, max, host) => pickPort(min, max, host),
  start: (binary, args, onLine) => new QemuProcess(binary, args, onLine),
  copyFile: (from, to) => copyFile(from, to),
  rename: (from, to) => rename(from, to),
};
