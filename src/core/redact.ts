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

  /** Redacts every string inside a JSON-like value. */
  redactDeep<T>(value: T): T {
    if (this.secrets.length === 0) return value;
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.redactDeep(v);
      return out as T;
    }
    return value;
  }
}

/**
 * The secrets this process knows of, whatever found them: the template code registers
 * sensitive values here as soon as it has them (before it reports a problem that may quote
 * one), `pack build`'s bus masks with it, and the CLI masks every error it prints with it.
 */
export const processSecrets = new Redactor();
