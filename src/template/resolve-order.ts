// Resolves named values that may refer to each other (JSON/YAML variables, HCL locals) in one
// walk of their dependency graph: each value is evaluated once its dependencies are, learnt from
// the "not yet known" error its evaluation raises. Every value is evaluated at most once per
// dependency it has, so the work is linear in the size of the graph (not one pass per chain
// link), and the walk uses an explicit stack, so a chain of 100,000 does not overflow the call stack.

export type Attempt =
  | { ok: true }
  /** Needs `dependency` first (a name that may or may not be one of ours). */
  | { ok: false; dependency: string };

export interface OrderHandlers {
  /** Tries to evaluate `name`; stores the value itself when it succeeds. */
  attempt(name: string): Attempt;
  /** `dependency` is ours but refers back to `name` through the chain. */
  loop(name: string, dependency: string): void;
  /** `dependency` is not one of ours (an undeclared name), or failed before. */
  missing(name: string, dependency: string): void;
}

export function resolveInOrder(names: Iterable<string>, known: (name: string) => boolean, h: OrderHandlers): void {
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of names) {
    if (state.has(root)) continue;
    const stack = [root];
    state.set(root, 'visiting');
    while (stack.length) {
      const name = stack[stack.length - 1];
      const r = h.attempt(name);
      if (r.ok) {
        state.set(name, 'done');
        stack.pop();
        continue;
      }
      const dep = r.dependency;
      const depState = state.get(dep);
      if (known(dep) && depState === undefined) {
        state.set(dep, 'visiting');
        stack.push(dep);
        continue;
      }
      if (depState === 'visiting') h.loop(name, dep);
      else h.missing(name, dep);
      state.set(name, 'done');
      stack.pop();
    }
  }
}
