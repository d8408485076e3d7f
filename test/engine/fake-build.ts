// Builds made of in-memory steps for engine tests: each step records its run and cleanup in
// a journal, so tests can check order. (A stand-in for a real builder: the engine is what is
// under test here; real builders are tested end to end through bin/pack.)
import type { BuildDef } from '../../src/template/model.js';
import type { ResolvedBuild } from '../../src/core/resolve.js';
import type { Step, StepAction, StateBag, BuildContext, ProvisionerFactory } from '../../src/core/components.js';
import { STATE, getState, setState } from '../../src/core/components.js';
import { EventBus } from '../../src/core/bus.js';
import type { PackEvent } from '../../src/core/events.js';
import { sleep } from '../../src/util/sleep.js';

export interface FakeStep {
  id: string;
  /** What run does: succeed, fail (halt with an error), throw, or wait for ms (cancellable). */
  behaviour?: 'ok' | 'halt' | 'throw' | { waitMs: number } | ((n: number) => 'ok' | 'halt');
}

export function buildDef(name: string, extra: Partial<BuildDef> = {}): BuildDef {
  return {
    name,
    builderName: name,
    sourceName: name,
    builderType: 'fake',
    config: {},
    communicator: { type: 'none', config: {} },
    provisioners: [],
    postProcessors: [],
    ...extra,
  };
}

export function fakeBuild(
  name: string,
  steps: FakeStep[],
  journal: string[],
  opts: { provision?: boolean; provisioners?: ResolvedBuild['provisioners']; cleanupProvisioner?: ResolvedBuild['cleanupProvisioner'] } = {},
): ResolvedBuild {
  const runs = new Map<string, number>();
  return {
    def: buildDef(name),
    builder: {
      create: () => ({
        steps: (common) => {
          const list: Step[] = steps.map((s) => ({
            id: `builder:${s.id}`,
            title: s.id,
            kind: 'builder',
            async run(state: StateBag, ctx: BuildContext): Promise<StepAction> {
              const n = (runs.get(s.id) ?? 0) + 1;
              runs.set(s.id, n);
              journal.push(`${name}:run:${s.id}`);
              const b = s.behaviour ?? 'ok';
              const outcome = typeof b === 'function' ? b(n) : b;
              if (outcome === 'halt') {
                setState(state, STATE.error, new Error(`${s.id} failed`));
                return 'halt';
              }
              if (outcome === 'throw') throw new Error(`${s.id} threw`);
              if (typeof outcome === 'object') await sleep(outcome.waitMs, ctx.signal).catch(() => {});
              return 'continue';
            },
            async cleanup() {
              journal.push(`${name}:cleanup:${s.id}`);
            },
          }));
          if (opts.provision) list.push(common.connect(), common.provision());
          return list;
        },
        artifact: () => undefined,
      }),
    },
    provisioners: opts.provisioners ?? [],
    cleanupProvisioner: opts.cleanupProvisioner,
    chains: [],
  };
}

/** A provisioner that records itself and fails when told to. */
export function journalProvisioner(journal: string[], label: string, fail = false): ProvisionerFactory {
  return {
    create: () => ({
      async provision(ctx) {
        journal.push(`${ctx.buildName}:provision:${label}`);
        if (fail) throw new Error(`${label} failed`);
      },
    }),
  };
}

export function recordingBus(): { bus: EventBus; events: PackEvent[] } {
  const bus = new EventBus();
  const events: PackEvent[] = [];
  bus.subscribe((e) => events.push(e));
  return { bus, events };
}
