// Builds a ProvisionContext by hand (no engine): ui calls go through the real EventBus (which redacts),
// and every event is recorded so tests can read what a person would see.
import { connectionInfo } from '../../src/core/connection-info.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../../src/core/bus.js';
import type { Communicator, ProvisionContext, StateBag } from '../../src/core/components.js';
import type { PackEvent } from '../../src/core/events.js';
import { makeBuildUi } from '../../src/core/build-ui.js';
import { renderGoTemplate } from '../../src/template/gotemplate/render.js';
import { communicator as sshFactory } from '../../src/components/communicators/ssh/index.js';
import type { SshServer } from '../helpers/sshd.js';
import { sshDecoded } from '../helpers/decode.js';

export interface TestContext {
  ctx: ProvisionContext;
  events: PackEvent[];
  /** Log lines as "level[/stream]: text". */
  lines(): string[];
  /** Every text any event carried, for leak checks. */
  allText(): string;
  cleanup(): void;
}

export function makeContext(opts: { secrets?: string[]; comm?: Communicator } = {}): TestContext {
  const bus = new EventBus();
  const events: PackEvent[] = [];
  bus.subscribe((e) => events.push(e));
  for (const s of opts.secrets ?? []) bus.redactor.add(s);
  const tempDir = mkdtempSync(join(tmpdir(), 'pack-sshtest-'));
  const abort = new AbortController();
  const ctx: ProvisionContext = {
    buildName: 'x',
    displayName: 'x',
    builderType: 'null',
    templateDir: tempDir,
    signal: abort.signal,
    ui: makeBuildUi(bus, 'x', {}),
    onError: 'cleanup',
    debug: false,
    force: false,
    runUuid: 'test-run',
    addSecret: (v) => bus.redactor.add(v),
    render: (text, data) => renderGoTemplate(text, { funcs: { build_name: () => 'x', build_type: () => 'null' }, data: data ?? {} }),
    tempDir,
    comm: opts.comm,
    commType: opts.comm ? 'ssh' : 'none',
    conn: { type: opts.comm ? 'ssh' : 'none', builderType: 'null', buildName: 'x' },
  };
  return {
    ctx,
    events,
    lines: () =>
      events.flatMap((e) => (e.type === 'log' ? [`${e.level}${e.stream ? `/${e.stream}` : ''}: ${e.text}`] : [])),
    allText: () => JSON.stringify(events),
    cleanup: () => {
      abort.abort();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/** The ssh fields that log in to a test server (key login unless password is asked for). */
export function sshConfig(server: SshServer, extra: Record<string, unknown> = {}, password = false): Record<string, unknown> {
  return {
    ssh_host: server.host,
    ssh_port: server.port,
    ssh_username: server.user,
    ...(password ? { ssh_password: server.password } : { ssh_private_key_file: server.privateKeyPath }),
    ssh_timeout: '20s',
    ...extra,
  };
}

/** Connects with a config as a template writes it (decoded by the ssh schema first, as a build does). */
export async function connect(t: TestContext, config: Record<string, unknown>, state: StateBag = new Map()): Promise<Communicator> {
  const decoded = sshDecoded(config);
  const comm = await sshFactory.connect(decoded, {}, t.ctx, state);
  t.ctx.comm = comm;
  t.ctx.commType = 'ssh';
  // As the core's connect step: the typed connection record provisioners read.
  t.ctx.conn = connectionInfo('ssh', sshFactory.describe?.(decoded, {}, t.ctx, state) ?? {}, state, t.ctx);
  return comm;
}
