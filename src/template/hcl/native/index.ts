// HCL native syntax into hcl2json's JSON shape without starting hcl2json (Go in WebAssembly, 50-250 ms).
// Returns undefined where it is not sure to give hcl2json's answer (every syntax error included): the
// caller then asks hcl2json, so error messages stay HCL's. test/unit/hcl-native.test.ts holds the two
// to the same output on every HCL file under test/fixtures.
import { NotNative } from './ast.js';
import { Parser } from './syntax.js';
import { Peeker, tokenize } from './tokens.js';
import { ToJson, sortKeys } from './to-json.js';

/** hcl2json drops one byte-order mark at the start of a file (and no other): so do we. */
const withoutBom = (src: string) => (src.charCodeAt(0) === 0xfeff ? src.slice(1) : src);

export function parseHclNative(src: string): Record<string, unknown> | undefined {
  src = withoutBom(src);
  try {
    const body = new Parser(new Peeker(src, tokenize(src))).body('eof');
    return sortKeys(new ToJson(src).body(body)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof NotNative) return undefined;
    // A bug of ours must not cost the user a template: hcl2json still parses it.
    if (process.env.PACK_HCL_NATIVE_STRICT) throw e;
    return undefined;
  }
}

/** Why the native parser deferred (for tests and debugging), or undefined when it did not. */
export function nativeDeferReason(src: string): string | undefined {
  src = withoutBom(src);
  try {
    const body = new Parser(new Peeker(src, tokenize(src))).body('eof');
    sortKeys(new ToJson(src).body(body));
    return undefined;
  } catch (e) {
    if (e instanceof NotNative) return e.message;
    throw e;
  }
}
