// Version constraints as Packer writes them (">= 1.5.0, < 2", "~> 1.6"), checked against the Packer
// version pack follows.

function parts(v: string): number[] {
  return v.trim().replace(/^v/, '').split(/[.-]/).slice(0, 3).map((x) => Number.parseInt(x, 10) || 0);
}

function cmp(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** True/false, or undefined when the constraint cannot be read. */
export function satisfies(version: string, constraint: string): boolean | undefined {
  const have = parts(version);
  for (const raw of constraint.split(',')) {
    const m = /^\s*(>=|<=|!=|~>|>|<|=)?\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(raw);
    if (!m) return undefined;
    const want = parts(m[2]);
    const c = cmp(have, want);
    switch (m[1] ?? '=') {
      case '>=': if (c < 0) return false; break;
      case '<=': if (c > 0) return false; break;
      case '>': if (c <= 0) return false; break;
      case '<': if (c >= 0) return false; break;
      case '!=': if (c === 0) return false; break;
      case '=': if (c !== 0) return false; break;
      case '~>': {
        // ~> 1.6 allows 1.x >= 1.6; ~> 1.6.2 allows 1.6.x >= 1.6.2.
        const depth = m[2].split('.').length;
        if (c < 0) return false;
        const upper = depth >= 3 ? [want[0], want[1] + 1, 0] : [want[0] + 1, 0, 0];
        if (cmp(have, upper) >= 0) return false;
        break;
      }
    }
  }
  return true;
}
