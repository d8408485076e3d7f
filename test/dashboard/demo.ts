// Dev script: `npx tsx test/dashboard/demo.ts` in a terminal shows the dashboard on a
// scripted two-build run (logs, an upload, a failure). Not a test.
import { EventBus } from '../../src/core/bus.js';
import { mountDashboard } from '../../src/ui/dashboard/index.js';
import { scriptedRun } from './scripted-run.js';

const bus = new EventBus();
const signal = { cancelled: false };
const { finished } = mountDashboard(bus, {
  templatePath: 'demo.pkr.json',
  buildNames: ['alpha', 'beta'],
  onCancel: () => {
    signal.cancelled = true;
  },
  logDir: '/tmp/pack-demo-logs',
});
// ASK=1: beta's failure asks retry / clean up / abort, as with -on-error=ask.
await scriptedRun(bus, { beat: Number(process.env.BEAT ?? 150), lines: Number(process.env.LINES ?? 60), signal, ask: process.env.ASK === '1' });
await finished;
process.exitCode = signal.cancelled ? 130 : 1;
