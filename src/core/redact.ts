// Masks secret values (sensitive variables, passwords) in every text that leaves the core.

export const SENSITIVE_MASK = '<sensitive>';

export class Redactor {
  private secrets: string[] = [];

  add(value: unknown): void {
    if (value === undefined || value === null) return;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    // Masking one- or two-character values would shred every line they happen to appear in.
    if (text.length < 3 || this.secrets.includes(text)) return;
    this.secrets.push(text);
    // Longest first, so a secret that contains another is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join(SENSITIVE_MASK);
    }
    return out;
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
