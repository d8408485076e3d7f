// The BuildUi a component gets: each call becomes an event on the bus, tagged with the
// build and the step that is running.
import type { BuildUi, Progress } from './components.js';
import type { EventBus } from './bus.js';
import type { PackEvent } from './events.js';

/** Which step of the build is running, so log lines can be tied to it. */
export interface StepCursor {
  current?: string;
}

export function makeBuildUi(bus: EventBus, build: string, cursor: StepCursor, origin?: string): BuildUi {
  const log = (level: 'say' | 'message' | 'error', text: string, stream?: 'stdout' | 'stderr') => {
    // Built field by field rather than with spreads, and published without emit's copy: this
    // runs for every line a build prints.
    const event: PackEvent & { type: 'log' } = { type: 'log', build, step: cursor.current, level, text, time: Date.now() };
    if (stream) event.stream = stream;
    if (origin) event.origin = origin;
    bus.publish(event);
  };
  return {
    say: (text) => log('say', text),
    message: (text) => log('message', text),
    error: (text) => log('error', text),
    output: (line, stream) => log(stream === 'stderr' ? 'error' : 'message', line, stream),
    progress: (p: Progress) =>
      bus.emit({
        type: 'progress',
        build,
        step: cursor.current,
        id: p.id,
        label: p.label,
        bytes: p.bytes,
        total: p.total,
        done: p.done ?? false,
      }),
    ask: (prompt, choices) => bus.ask({ build, prompt, choices }),
  };
}
