import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { until, resize, setup, settle, startBuild, runStep, STEPS } from './harness.js';
import { finalFrame } from '../../src/ui/dashboard/final-frame.js';

afterEach(() => cleanup());

describe('dashboard step list', () => {
  it('shows every planned step waiting, then running, done with its duration, failed with its reason', async () => {
    const { bus, store, frame } = setup(['alpha']);
    startBuild(bus, 'alpha');
    await settle();
    await until(() => expect(frame()).toContain('○ prepare null builder'));
    await until(() => expect(frame()).toContain('○ shell-local: exit 7'));

    runStep(bus, 'alpha', STEPS[0]!);
    await settle();
    await until(() => expect(frame()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] prepare null builder +00:0\d/));
    await until(() => expect(store.builds.get('alpha')!.steps[0]!.state).toBe('running'));

    bus.emit({ type: 'step-end', build: 'alpha', step: 'prepare', status: 'done', durationMs: 1234 });
    await settle();
    await until(() => expect(frame()).toMatch(/✔ prepare null builder +1\.2s/));
    await until(() => expect(store.builds.get('alpha')!.steps[0]!.state).toBe('done'));

    runStep(bus, 'alpha', STEPS[1]!, 'done');
    runStep(bus, 'alpha', STEPS[2]!, 'done');
    runStep(bus, 'alpha', STEPS[3]!, 'failed', 'Script exited with non-zero exit status: 7');
    await settle();
    await until(() => expect(frame()).toMatch(/✖ shell-local: exit 7: Script exited with non-zero/));
    bus.emit({ type: 'build-end', build: 'alpha', status: 'failed', durationMs: 5000, error: 'boom', artifacts: [] });
    await settle();
    await until(() => expect(store.builds.get('alpha')!.steps[3]!.state).toBe('failed'));
    await until(() => expect(frame()).toContain('✖ 1:alpha'));
  });

  it('marks steps the build jumped over as skipped, and open steps at build end as not run', async () => {
    const { bus, store, frame } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!, 'done');
    // connect never starts: the engine went straight to provisioning.
    runStep(bus, 'alpha', STEPS[2]!, 'done');
    bus.emit({ type: 'build-end', build: 'alpha', status: 'success', durationMs: 10, artifacts: [] });
    await settle();
    const steps = store.builds.get('alpha')!.steps;
    expect(steps.map((s) => s.state)).toEqual(['done', 'skipped', 'done', 'skipped']);
    await until(() => expect(frame()).toMatch(/↓ connect: none \(not run\) +skipped/));
  });

  it('on a cancelled run only the step that was running is cancelled; the steps after it were not run', async () => {
    for (const [end, columns] of [['build-end', 100], ['run-end', 100], ['build-end', 40]] as const) {
      const { bus, r, store, frame } = setup(['alpha']);
      resize(r, columns, 14);
      startBuild(bus, 'alpha');
      runStep(bus, 'alpha', STEPS[0]!, 'done');
      runStep(bus, 'alpha', STEPS[1]!);
      if (end === 'build-end') bus.emit({ type: 'build-end', build: 'alpha', status: 'cancelled', durationMs: 10, artifacts: [] });
      else bus.emit({ type: 'run-end', durationMs: 10, errors: [], cancelled: true, artifacts: [] });
      await settle();
      const steps = store.builds.get('alpha')!.steps;
      expect(steps.map((s) => s.state)).toEqual(['done', 'cancelled', 'skipped', 'skipped']);
      expect(steps.slice(2).map((s) => s.reason)).toEqual(['not run', 'not run']);
      if (end === 'build-end') {
        await until(() => expect(frame()).toMatch(/connect: none +cancelled/));
        await until(() => expect(frame()).toMatch(/shell-local: exit 7 \(not run\) +skipped/));
      }
      cleanup();
    }
  });

  it('keeps a failed step open while the engine asks, and runs it again on retry', async () => {
    const { bus, store, frame } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!, 'failed', 'first try');
    await settle();
    await until(() => expect(frame()).toMatch(/✖ prepare null builder: first try/));
    // Retry: the same step starts again.
    runStep(bus, 'alpha', STEPS[0]!);
    await settle();
    await until(() => expect(frame()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] prepare null builder/));
    bus.emit({ type: 'step-end', build: 'alpha', step: 'prepare', status: 'done', durationMs: 10 });
    await settle();
    await until(() => expect(store.builds.get('alpha')!.steps[0]!.state).toBe('done'));
  });

  it('adds steps the plan did not list (cleanup) as their own rows', async () => {
    const { bus, frame } = setup(['alpha']);
    startBuild(bus, 'alpha', STEPS.slice(0, 1));
    runStep(bus, 'alpha', STEPS[0]!, 'done');
    bus.emit({ type: 'step-start', build: 'alpha', step: 'cleanup:error', title: 'error-cleanup: shell-local', kind: 'cleanup' });
    bus.emit({ type: 'step-end', build: 'alpha', step: 'cleanup:error', status: 'done', durationMs: 2500 });
    await settle();
    await until(() => expect(frame()).toMatch(/✔ error-cleanup: shell-local +2\.5s/));
  });

  it('shows where a connect step connects, and its elapsed time while it waits', async () => {
    const { bus, frame } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!, 'done');
    runStep(bus, 'alpha', STEPS[1]!);
    bus.emit({ type: 'log', build: 'alpha', step: 'connect', level: 'say', text: 'Using ssh communicator to connect: 10.0.0.7' });
    await until(() => expect(frame()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] connect: none → 10\.0\.0\.7 +00:0\d/));
  });

  it('keeps the selected step in view when a build has more steps than rows', async () => {
    const { bus, frame, press } = setup(['alpha']);
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `provision:${i}`, title: `step number ${i}`, kind: 'provision' as const }));
    startBuild(bus, 'alpha', many);
    await until(() => expect(frame()).toContain('step number 0'));
    expect(frame()).not.toContain('step number 19');
    await press(...Array.from({ length: 16 }, () => '\x1b[B'));
    await until(() => expect(frame()).toContain('log: alpha · step number 15'));
    expect(frame()).toMatch(/○ step number 15/);
    expect(frame()).not.toContain('step number 0 ');
  });

  it('shows both builds side by side when they fit, and counts them in the header', async () => {
    const { bus, frame } = setup();
    startBuild(bus, 'alpha');
    startBuild(bus, 'beta', [{ id: 'prepare', title: 'beta prepare', kind: 'prepare' }]);
    runStep(bus, 'beta', { id: 'prepare', title: 'beta prepare', kind: 'prepare' }, 'done');
    bus.emit({ type: 'build-end', build: 'beta', status: 'success', durationMs: 10, artifacts: [] });
    await until(() => expect(frame()).toContain('done 1'));
    const f = frame();
    expect(f).toMatch(/○ prepare null builder .*✔ beta prepare/);
    expect(f).toContain('running 1 · done 1 · failed 0');
    expect(f).toContain('pack build two.pkr.json');
  });

  it('marks a step the build cache covered as cached, with the time it saved', async () => {
    const { bus, store, frame } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!, 'done');
    bus.emit({ type: 'step-start', build: 'alpha', step: STEPS[1]!.id, title: STEPS[1]!.title, kind: STEPS[1]!.kind });
    bus.emit({ type: 'step-end', build: 'alpha', step: STEPS[1]!.id, status: 'cached', durationMs: 0, savedMs: 2500 });
    await settle();
    await until(() => expect(frame()).toContain(`↺ ${STEPS[1]!.title}`));
    await until(() => expect(frame()).toMatch(/cached, saved 2\.5s/));
    await until(() => expect(store.builds.get('alpha')!.steps[1]!.state).toBe('cached'));
  });

  it("says how much the build cache reused when the build ends: in the build's pane and in the final summary", async () => {
    const { bus, store, frame } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!, 'done');
    bus.emit({ type: 'step-start', build: 'alpha', step: STEPS[1]!.id, title: STEPS[1]!.title, kind: STEPS[1]!.kind });
    bus.emit({ type: 'step-end', build: 'alpha', step: STEPS[1]!.id, status: 'cached', durationMs: 0, savedMs: 2500 });
    const cache = { reusedSteps: 1, cacheableSteps: 3, savedMs: 2500, savedPoints: 2 };
    bus.emit({ type: 'build-end', build: 'alpha', status: 'success', durationMs: 900, artifacts: [], cache });
    await settle();
    expect(store.builds.get('alpha')!.cache).toEqual(cache);
    await until(() => expect(frame()).toContain('Build cache: reused 1 of 3 provisioner steps and the machine, saving 2.5s; 2 new points saved'));
    // At the end the live frame goes; the final summary, written in its place, keeps what the cache did.
    bus.emit({ type: 'run-end', durationMs: 950, errors: [], cancelled: false, artifacts: [] });
    await settle();
    const text = finalFrame(store.buildList, store.runEnd!, { width: 120, color: false, logFiles: {} });
    expect(text).toMatch(/✔ Build 'alpha' finished after 900ms\.\n(?:.*\n)*? {4}cache: reused 1 of 3 provisioner steps and the machine, saving 2\.5s; 2 new points saved\n/);
  });

  it('a build without -cache says nothing of a cache; one that reused nothing says so', async () => {
    const { bus, store } = setup(['alpha', 'beta']);
    bus.emit({ type: 'build-end', build: 'alpha', status: 'success', durationMs: 900, artifacts: [] });
    bus.emit({ type: 'build-end', build: 'beta', status: 'success', durationMs: 900, artifacts: [], cache: { reusedSteps: 0, cacheableSteps: 2, savedMs: 0, savedPoints: 3 } });
    bus.emit({ type: 'run-end', durationMs: 950, errors: [], cancelled: false, artifacts: [] });
    await settle();
    const text = finalFrame(store.buildList, store.runEnd!, { width: 120, color: false, logFiles: {} });
    expect(text.split('\n').filter((l) => l.includes('cache:'))).toEqual(['    cache: nothing reused; 3 new points saved']);
  });
});
