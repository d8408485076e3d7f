// The one internal model that YAML, Packer JSON and HCL2 templates all load into.

/** Where something was written, for error messages: file, line and column (1-based). */
export interface SourcePos {
  file: string;
  line?: number;
  column?: number;
}

export type TemplateFormat = 'yaml' | 'json' | 'hcl';

export interface VariableDef {
  name: string;
  /** undefined = no default. */
  default?: unknown;
  /** A value must be given (JSON/YAML: default null; HCL: no default). */
  required: boolean;
  sensitive: boolean;
  description?: string;
  /** HCL type constraint as written (string, number, bool, list(string), ...). */
  type?: string;
  /** HCL validation blocks: condition and error_message, kept as written for evaluation. */
  validations?: { condition: string; errorMessage: string; pos?: SourcePos }[];
  pos?: SourcePos;
  /** Where `default` is written (HCL), for problems with its value. */
  defaultPos?: SourcePos;
}

/** Options every provisioner takes, whatever its type. */
export interface ProvisionerDef {
  type: string;
  /** Shown in the output and the dashboard instead of the type. */
  name?: string;
  config: Record<string, unknown>;
  /** JSON/YAML: build names. HCL: source names such as "null.two" (see BuildDef.sourceName). */
  only?: string[];
  except?: string[];
  /** Per-build config overrides, keyed by build name. */
  override?: Record<string, Record<string, unknown>>;
  /** Milliseconds. */
  pauseBefore?: number;
  maxRetries?: number;
  /** JSON/YAML: max_retries written as a template ({{user `n`}}); Packer renders it with the build, then reads the number. */
  maxRetriesTemplate?: string;
  /** Milliseconds. */
  timeout?: number;
  pos?: SourcePos;
}

export interface PostProcessorDef {
  type: string;
  name?: string;
  config: Record<string, unknown>;
  only?: string[];
  except?: string[];
  keepInputArtifact?: boolean;
  pos?: SourcePos;
}

export interface CommunicatorDef {
  /** 'ssh' | 'none' | 'docker' | ... ; the builder's default when the template names none. */
  type: string;
  /** The communicator's own fields (ssh_host, ssh_port, ...), taken out of the builder block. */
  config: Record<string, unknown>;
}

export interface BuildDef {
  /** What -only/-except match and what output prefixes use: JSON "x"; HCL "null.x" or "par.null.x". */
  name: string;
  /** The builder's own name: PACKER_BUILD_NAME, {{build_name}}, manifest "name". JSON "x"; HCL "x". */
  builderName: string;
  /** HCL source address without "source.": "null.x". JSON/YAML: same as name. */
  sourceName: string;
  builderType: string;
  /** Builder fields only (communicator fields are in communicator.config); values may still hold {{ }} templates. */
  config: Record<string, unknown>;
  communicator: CommunicatorDef;
  provisioners: ProvisionerDef[];
  /** Each inner list is a chain: every chain starts from the builder's artifact. */
  postProcessors: PostProcessorDef[][];
  errorCleanupProvisioner?: ProvisionerDef;
  /** The names -except gave that name this build's post-processors (already cut from `postProcessors`; a Packer build passes them on). */
  exceptedPostProcessors?: string[];
  pos?: SourcePos;
}

export interface Template {
  /** The file (or folder, for HCL) the template came from. */
  path: string;
  /** Folder used for {{template_dir}} and relative paths. */
  dir: string;
  format: TemplateFormat;
  description?: string;
  minVersion?: string;
  /** YAML `cache: true`: build as with -cache. */
  cache?: boolean;
  variables: Record<string, VariableDef>;
  builds: BuildDef[];
  /** HCL locals as written (expressions unevaluated), for prepare and inspect. */
  locals?: Record<string, { value: unknown; pos?: SourcePos; sensitive?: boolean }>;
}

/** Values given on the command line and in files, before they meet the template. */
export interface VariableInputs {
  /** -var k=v, in order. */
  vars: [string, string][];
  /** -var-file paths, in order. */
  varFiles: string[];
  /** Usually process.env (PKR_VAR_name). */
  env: Record<string, string | undefined>;
}
