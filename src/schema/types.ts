// One schema per component, declared once. Validation, the wizard's questions,
// `pack inspect` and the JSON Schema for editors are all derived from it.

export type FieldType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  /** Go's time.ParseDuration ("5m", "1h30s", ".5s"); a JSON number is nanoseconds. Decoded to milliseconds. */
  | 'duration'
  /** qemu's disk size: megabytes, or digits with a b/k/m/g/t unit. Decoded to a string with a unit ("10240M"). */
  | 'size'
  | 'string[]'
  /** A single string or a list of strings (Packer accepts both for several fields). */
  | 'string|string[]'
  | 'number[]'
  /** string -> string map (environment variables, http_content...). */
  | 'map'
  /** Free-form object. */
  | 'object'
  | 'object[]'
  /** A list of lists of strings (qemuargs). */
  | 'string[][]'
  | 'any';

export interface FieldSpec {
  type: FieldType;
  /** One line, shown by the wizard's `?`, by `pack inspect` and in the JSON Schema. */
  description: string;
  required?: boolean;
  default?: unknown;
  enum?: readonly string[];
  /** Folded under "advanced" in the wizard. */
  advanced?: boolean;
  /** Values are secrets: masked in every output. */
  sensitive?: boolean;
  /**
   * The value is a local path that must exist when validating. 'inventory': a file or folder, or
   * ansible's inline host list ("web1,web2,": a comma makes it one), which is no path.
   */
  path?: 'file' | 'dir' | 'file-or-dir' | 'inventory';
  /** An example value for help texts and the wizard's placeholder. */
  example?: string;
  /** Default the wizard proposes where `default` is not a good question answer (e.g. a required field). */
  suggest?: unknown;
}

export type ComponentKind = 'builder' | 'communicator' | 'provisioner' | 'post-processor';

export interface CheckContext {
  /** Directory of the template, for resolving relative paths. */
  templateDir: string;
  /**
   * Reports a warning, as Packer's prepare returns them beside errors ("Both source file and contents are
   * blank"): the config is valid, and `pack validate` and `pack build` print it as Packer does. Absent where
   * only errors matter (the wizard's checks).
   */
  warn?(message: string): void;
}

export interface ComponentSchema {
  kind: ComponentKind;
  type: string;
  /** One line: what it does. */
  description: string;
  fields: Record<string, FieldSpec>;
  /**
   * Cross-field rules (exactly one of inline/script/scripts, ...). Returns messages that name
   * the fields involved; `ctx.warn` reports what Packer warns about instead. Called only when
   * the fields themselves have the right types.
   */
  check?(config: Record<string, unknown>, ctx: CheckContext): string[];
}

export interface BuilderSchema extends ComponentSchema {
  kind: 'builder';
  /** Communicators this builder can use; the first is the default. */
  communicators: readonly string[];
  /**
   * What Packer's prepare checks on this machine beyond the config (an output folder that exists):
   * `pack validate` asks it, as `packer validate` refuses these; a build checks the same when it
   * starts, where -force applies. `buildName` is the builder's name (output-NAME).
   */
  checkHere?(config: Record<string, unknown>, ctx: { buildName: string }): string[];
  /** Whether this builder can run on this machine (the wizard lists these first). */
  runsHere?(): boolean | Promise<boolean>;
}

/** The TypeScript value a field type decodes to (src/schema/decode.ts). */
export interface DecodedType {
  string: string;
  number: number;
  integer: number;
  boolean: boolean;
  duration: number;
  size: string;
  'string[]': string[];
  'string|string[]': string | string[];
  'number[]': number[];
  map: Record<string, string>;
  object: Record<string, unknown>;
  'object[]': Record<string, unknown>[];
  'string[][]': string[][];
  any: unknown;
}

type Present<F> = F extends { required: true } ? true : F extends { default: {} } ? true : false;

/**
 * A component's decoded config, derived from its declared fields: a field with a default or
 * marked required is always there; the others may be missing. Durations are milliseconds.
 */
export type ConfigOf<Fields extends Record<string, FieldSpec>> = {
  -readonly [K in keyof Fields as Present<Fields[K]> extends true ? K : never]: DecodedType[Fields[K]['type']];
} & {
  -readonly [K in keyof Fields as Present<Fields[K]> extends true ? never : K]?: DecodedType[Fields[K]['type']];
};
