// Answers the run's questions (-on-error=ask, -debug, breakpoint) under the plain output in a
// terminal: one @inquirer/prompts prompt at a time, in the order the questions came. The key
// of a choice then Enter answers (Enter alone takes the first choice); a question answered
// elsewhere (a cancel) closes its prompt.
import { expand, select } from '@inquirer/prompts';
import type { EventBus } from '../core/bus.js';
import type { PackEvent } from '../core/events.js';

type Question = Extract<PackEvent, { type: 'question' }>;

/** expand takes one lower-case letter a choice, and keeps h for its help. */
function expandable(q: Question): boolean {
  return q.choices.every((c) => /^[a-gi-z]$/.test(c.key.toLowerCase()));
}

function ask(q: Question, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, signal: AbortSignal): Promise<string> {
  const context = { input, output, signal, clearPromptOnDone: false };
  const who = q.build ? `${q.build}: ` : '';
  if (expandable(q)) {
    return expand(
      {
        message: `${who}choose`,
        // Enter alone takes a pause's "continue"; a choice that does something (clean up) must be typed, as
        // Packer asks again on an empty answer.
        ...(q.choices[0]!.role === 'continue' ? { default: q.choices[0]!.key.toLowerCase() as 'a' } : {}),
        expanded: true,
        choices: q.choices.map((c) => ({ key: c.key.toLowerCase() as 'a', name: c.label, value: c.key })),
      },
      context as never,
    );
  }
  return select({ message: `${who}choose`, choices: q.choices.map((c) => ({ name: `[${c.key}] ${c.label}`, value: c.key })) }, context as never);
}

/**
 * `onInterrupt`: the person pressed Ctrl-C at a prompt (which reads keys in raw mode, so no SIGINT comes): do what
 * Ctrl-C does elsewhere. Left unanswered, the question would hold the run, or let node exit 0 with nothing to wait on.
 */
export function terminalAnswerer(
  bus: EventBus,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream = process.stdout,
  onInterrupt: () => void = () => undefined,
): () => void {
  const pending: Question[] = [];
  let current: { id: string; abort: AbortController } | undefined;
  const unregister = bus.registerAnswerer();

  const next = (): void => {
    if (current) return;
    const q = pending[0];
    if (!q) return;
    const abort = new AbortController();
    current = { id: q.id, abort };
    (input as NodeJS.ReadStream).ref?.();
    ask(q, input, output, abort.signal).then(
      (key) => bus.answer(q.id, key),
      (err: unknown) => {
        // Aborted by us: answered elsewhere, or the run ended. Closed by the person (Ctrl-C, or the input ended).
        if (!abort.signal.aborted && (err as Error | undefined)?.name === 'ExitPromptError') onInterrupt();
      },
    ).finally(() => {
      pending.shift();
      current = undefined;
      next();
    });
  };

  const unsubscribe = bus.subscribe((e) => {
    if (e.type === 'question') {
      pending.push(e);
      next();
    } else if (e.type === 'question-answered') {
      if (current?.id === e.id) current.abort.abort();
      else {
        const i = pending.findIndex((q) => q.id === e.id);
        if (i > 0) pending.splice(i, 1);
      }
    }
  });
  return () => {
    unsubscribe();
    unregister();
    current?.abort.abort();
    pending.length = 0;
  };
}
