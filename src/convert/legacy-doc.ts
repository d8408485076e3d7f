// Packer JSON's template shape, which YAML templates share: the middle of every conversion.
export interface LegacyDoc {
  description?: string;
  min_packer_version?: string;
  variables?: Record<string, string | null>;
  'sensitive-variables'?: string[];
  builders?: Record<string, unknown>[];
  provisioners?: Record<string, unknown>[];
  /** Each entry: one post-processor (a type name or an object), or a chain (a list of them). */
  'post-processors'?: unknown[];
  'error-cleanup-provisioner'?: Record<string, unknown>;
  [comment: `_${string}`]: unknown;
}

/** Comments to carry to a target that has them, keyed by where they stand: "" (the top of the file),
 *  "variables.NAME", "builders.0", "provisioners.1", "post-processors.2" (a chain: its first element). */
export type Comments = Map<string, string[]>;
