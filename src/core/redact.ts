// Masks secret values (sensitive variables, passwords) in every text that leaves the core.

export const SENSITIVE_MASK = '<sensitive>';

export class Redactor {
  private secrets: string[] = [];
  private pattern: RegExp | undefined;

  add(value: unknown): void {
    if (value === undefined || value === null) return;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    // Any length, as Packer: a short secret is still a secret (an empty one masks nothing).
    if (text.length === 0 || this.secrets.includes(text)) return;
    this.secrets.push(text);
    // Longest first, so a secret that contains another is masked whole; one pass, so a short
    // secret never eats into a mask already put in.
    this.secrets.sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(this.secrets.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  }

  redact(text: string): string {
    if (!this.pattern) return text;
    return text.replace(this.pattern, SENSITIVE_MASK);
  }

  /**
   * Redacts every string inside a JSON-like value. What holds no secret is returned as it is
   * (copies are made only along the path to a masked string), so a flood of lines without
   * secrets costs a regex test a string and no allocation.
   */
  redactDeep<T>(value: T): T {
    if (!this.pattern) return value;
    return this.deep(value) as T;
  }

  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const r = this.deep(v);
        if (r !== v) (out ??= value.slice())[i] = r;
      }
      return out ?? value;
    }
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      const r = this.deep(v);
      if (r !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = r;
    }
    return out ?? value;
  }
}

/**
 * The secrets this process knows of, whatever found them: the template code registers
 * sensitive values here as soon as it has them (before it reports a problem that may quote
 * one), `pack build`'s bus masks with it, and the CLI masks every error it prints with it.
 */
export const processSecrets = new Redactor();
