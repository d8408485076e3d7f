// Starts HCL's Go parser (the WebAssembly program of @cdktf/hcl2json) with less start-up work than
// the package's own loader: the module comes already decompressed from dist/ when the build wrote
// it there (gunzip of 6.5 MB costs ~90 ms a run), and no polling loop or fs-extra import. The
// protocol is the package's: the Go program puts its functions (parse) on a global object.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import v8 from 'node:v8';

type Callback = (err: string | null, result?: string) => void;
interface GoExports {
  parse(filename: string, contents: string, cb: Callback): void;
}
interface GoRuntime {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

const require = createRequire(import.meta.url);
const GLOBAL_NAME = '__parse_terraform_config_wasm__';
/** Written by scripts/build.mjs into dist/. */
export const PREPARED_WASM = 'hcl2json.wasm';

/**
 * V8 compiles a module twice (a quick baseline, then optimised code in the background, which the
 * process then waits for); a short-lived CLI gains from the baseline alone. Only this module uses
 * WebAssembly in pack.
 */
function baselineWasmOnly(): void {
  try {
    v8.setFlagsFromString('--no-wasm-tier-up');
    v8.setFlagsFromString('--liftoff-only');
  } catch {
    // Flags are an optimisation; parsing works without them.
  }
}

async function wasmBytes(packageDir: string): Promise<Uint8Array> {
  const here = dirname(fileURLToPath(import.meta.url));
  // Beside the bundle, or one folder up from dist/validate/ and dist/build/ (those commands' own bundles).
  const prepared = (await readFile(join(here, PREPARED_WASM)).catch(() => undefined)) ?? (await readFile(join(here, '..', PREPARED_WASM)).catch(() => undefined));
  return prepared ?? gunzipSync(await readFile(join(packageDir, 'main.wasm.gz')));
}

async function start(): Promise<GoExports> {
  baselineWasmOnly();
  const packageDir = dirname(require.resolve('@cdktf/hcl2json/package.json'));
  const bytes = await wasmBytes(packageDir);
  // The package's Node prelude for Go's wasm_exec.js: defines globalThis.Go.
  require(join(packageDir, 'wasm/bridge_wasm_exec.js'));
  const Go = (globalThis as unknown as { Go: new () => GoRuntime }).Go;
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(bytes as BufferSource, go.importObject);
  const exports = {} as GoExports;
  (globalThis as Record<string, unknown>)[GLOBAL_NAME] = exports;
  // Go's main registers its functions, then waits for calls: run is never awaited.
  void go.run(instance);
  if (typeof exports.parse !== 'function') throw new Error('the HCL parser did not start');
  return exports;
}

let started: Promise<GoExports> | undefined;

/** HCL text into hcl2json's JSON shape; rejects with the parser's message ("parse config: [...]"). */
export async function hcl2jsonParse(filename: string, contents: string): Promise<unknown> {
  const go = await (started ??= start());
  const text = await new Promise<string>((resolve, reject) => go.parse(filename, contents, (err, res) => (err ? reject(new Error(err)) : resolve(res ?? 'null'))));
  return JSON.parse(text) as unknown;
}
