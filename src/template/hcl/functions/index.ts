// Every function of Packer's HCL2 language, by family. Packer 1.6.6's set plus those added since
// (templatefile, strcontains, sum, textencodebase64, ...). try, can and convert take expressions
// rather than values: the evaluator handles them (see eval.ts); they are listed here so that a
// context without them (variable defaults) refuses them.
import { def, p, FunctionError, type HclFunc } from './args.js';
import { stringFunctions } from './strings.js';
import { collectionFunctions } from './collections.js';
import { numberFunctions } from './numbers.js';
import { encodingFunctions } from './encoding.js';
import { hashFunctions } from './hashes.js';
import { datetimeFunctions } from './datetime.js';
import { networkFunctions } from './network.js';
import { fileFunctions } from './files.js';

export type { HclFunc } from './args.js';
export { FunctionError } from './args.js';
export { formatDate } from './datetime.js';

/** Evaluated by the evaluator itself (their arguments are expressions or types). */
export const SPECIAL_FORMS = new Set(['try', 'can', 'convert']);

const special: HclFunc = () => {
  throw new FunctionError('internal: special form called as a function');
};

/** Functions that read secret stores: Packer has them; pack does not talk to those services. */
function secretsFunction(name: string): HclFunc {
  return () => {
    throw new FunctionError(`${name}() is not supported by pack: pass the value with -var, a var file or PKR_VAR_NAME instead, or run the template through Packer`);
  };
}

export interface FunctionContext {
  /** The template's folder as the user gave it (Packer's base directory for file functions). */
  baseDir: string;
  /** Renders a template file's text with the given variables (for templatefile). */
  renderTemplate: (text: string, vars: Record<string, unknown>) => string;
}

export function hclFunctions(ctx: FunctionContext): Record<string, HclFunc> {
  const files = fileFunctions(ctx.baseDir);
  const templatefile = def('templatefile', [p('path', 'string'), p('vars', 'any')], undefined, (path: string, vars: unknown) => {
    if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) throw new FunctionError('invalid vars value: must be a map');
    const text = files.file(path) as string;
    return ctx.renderTemplate(text, vars as Record<string, unknown>);
  });
  return {
    ...stringFunctions,
    ...collectionFunctions,
    ...numberFunctions,
    ...encodingFunctions,
    ...hashFunctions,
    ...datetimeFunctions,
    ...networkFunctions,
    ...files,
    templatefile,
    try: special,
    can: special,
    convert: special,
    aws_secretsmanager: secretsFunction('aws_secretsmanager'),
    aws_secretsmanager_raw: secretsFunction('aws_secretsmanager_raw'),
    consul_key: secretsFunction('consul_key'),
    vault: secretsFunction('vault'),
  };
}

/** Variable defaults may call env() and nothing else (as in Packer). */
export function defaultFunctions(env: Record<string, string | undefined>): Record<string, HclFunc> {
  return { env: def('env', [p('key', 'string')], undefined, (k: string) => env[k] ?? '') };
}
