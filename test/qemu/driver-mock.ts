// A QemuDriver that runs nothing: it records every call, answers qemu-img info from a table and
// starts machines that power off when told to (after packer-plugin-qemu's driver_mock.go).
import type { QemuDriver, QemuMachine, QmpChannel } from '../../src/qemu/driver.js';

export interface MockMachine extends QemuMachine {
  binary: string;
  args: string[];
  qmp: { command: string; args?: Record<string, unknown> }[];
  /** Powers the machine off (the guest's poweroff). */
  powerOff(): void;
}

export class MockQemuDriver implements QemuDriver {
  calls: string[] = [];
  images = new Map<string, { format: string; virtualSize: number }>();
  machines: MockMachine[] = [];
  accel = 'tcg';
  nextPort = 4000;
  /** Machines stop by themselves right after starting (a guest that runs and powers off). */
  selfStopping = false;

  async qemuImg(args: string[]): Promise<string> {
    this.calls.push(`qemu-img ${args.join(' ')}`);
    return '';
  }
  async imageInfo(path: string) {
    this.calls.push(`info ${path}`);
    const info = this.images.get(path);
    if (!info) throw new Error(`no image ${path}`);
    return info;
  }
  async accelerator(): Promise<string> {
    return this.accel;
  }
  async freePort(min: number): Promise<number> {
    return Math.max(min, this.nextPort++);
  }
  async copyFile(from: string, to: string): Promise<void> {
    this.calls.push(`copy ${from} ${to}`);
  }
  async rename(from: string, to: string): Promise<void> {
    this.calls.push(`rename ${from} ${to}`);
  }
  start(binary: string, args: string[]): QemuMachine {
    let powerOff!: () => void;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      powerOff = () => resolve({ code: 0, signal: null });
    });
    let running = true;
    void exited.then(() => (running = false));
    const qmp: MockMachine['qmp'] = [];
    const channel: QmpChannel = {
      execute: async (command, a) => {
        qmp.push({ command, ...(a ? { args: a } : {}) });
        return {};
      },
    };
    const m: MockMachine = {
      binary,
      args,
      qmp,
      powerOff,
      pid: 4242 + this.machines.length,
      get running() {
        return running;
      },
      lastLines: [],
      exited,
      connectQmp: async () => channel,
      waitForExit: async (ms) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), Math.min(ms, 50)))]),
      stop: async () => powerOff(),
    };
    this.machines.push(m);
    if (this.selfStopping) setImmediate(powerOff);
    return m;
  }
}
