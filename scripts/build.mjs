// Bundles the CLI into dist/ with esbuild. The entry stays small; UI code (ink, react)
// and heavy components live in chunks loaded only by the commands that need them.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync, rmSync, renameSync, existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import './gen-components.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
// Build beside dist/ and swap it in, so a test running bin/pack never sees half a bundle.
const next = join(root, `dist.next-${process.pid}`);
rmSync(next, { recursive: true, force: true });
mkdirSync(next, { recursive: true });
// ink imports react-devtools-core only when DEV is set; a stub keeps it out of the bundle.
const stub = join(next, '.devtools-stub.js');
writeFileSync(stub, 'export default {};\n');

// Ink's frames go through src/ui/terminal/styled-chars.ts (the library with an allocation-free
// styledCharsToString); that module itself, and everything else, gets the library as it is.
const styledChars = join(root, 'src/ui/terminal/styled-chars.ts');
let styledCharsUsed = false;
const inkStyledChars = {
  name: 'ink-styled-chars',
  setup(b) {
    b.onResolve({ filter: /^@alcalzone\/ansi-tokenize$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]ink[\\/]/.test(args.importer)) return undefined;
      styledCharsUsed = true;
      return { path: styledChars };
    });
  },
};

const common = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  external: ['ssh2', 'cpu-features', '@cdktf/hcl2json'],
  alias: { 'react-devtools-core': stub },
  plugins: [inkStyledChars],
  define: { 'process.env.NODE_ENV': '"production"' },
  jsx: 'automatic',
  banner: {
    // Some CommonJS dependencies call require(); give the ESM bundle one, made once for all chunks
    // (every chunk of a build sits in one folder, so one require resolves alike for all).
    js: "import { createRequire as __packCreateRequire } from 'node:module'; const require = (globalThis.__packRequire ??= __packCreateRequire(import.meta.url));",
  },
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { main: join(root, 'src/cli/main.ts') },
  outdir: next,
});

// `pack validate` and `pack build` again, each on its own (bin/pack runs them from dist/validate/ and
// dist/build/): a bundle without the other commands splits its code into fewer chunks, and each ES module
// costs node ~0.3 ms to resolve, read and link. The command table keeps every name (for help and
// messages), but the other commands' loads reject. validate's bundle also leaves out the components'
// implementations (it reads their schemas only); each component keeps a `load` (its presence tells pack's
// components from Packer's), which rejects there.
const notInThisBundle = (command) => `() => Promise.reject(new Error('internal: this bundle of pack holds only ${command}'))`;
const onlyCommand = (command, { withComponents }) => ({
  name: `only-${command}`,
  setup(b) {
    const rewrite = (filter, pattern) =>
      b.onLoad({ filter }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const contents = text.replace(pattern, `load: ${notInThisBundle(command)}`);
        if (contents === text) throw new Error(`only-${command}: nothing to rewrite in ${args.path}`);
        return { loader: 'ts', contents };
      });
    rewrite(/src[\\/]cli[\\/]commands\.ts$/, new RegExp(`load: \\(\\) => import\\('\\.\\.\\/commands\\/(?!${command}\\.js)[\\w-]+\\.js'\\)`, 'g'));
    if (!withComponents) rewrite(/src[\\/]components[\\/]index\.generated\.ts$/, /load: \(\) => import\('\.\/[\w\/-]+\/index\.js'\)/g);
  },
});
await build({
  ...common,
  entryPoints: { main: join(root, 'src/cli/main.ts') },
  outdir: join(next, 'validate'),
  plugins: [onlyCommand('validate', { withComponents: false })],
});
await build({
  ...common,
  entryPoints: { main: join(root, 'src/cli/main.ts') },
  outdir: join(next, 'build'),
  plugins: [inkStyledChars, onlyCommand('build', { withComponents: true })],
});

// A newer Ink that no longer imports the library would quietly lose the fast path.
if (!styledCharsUsed) throw new Error('scripts/build.mjs: ink no longer imports @alcalzone/ansi-tokenize; see src/ui/terminal/styled-chars.ts');

// HCL's parser, decompressed once here rather than on every run (src/template/hcl/hcl2json-loader.ts).
writeFileSync(join(next, 'hcl2json.wasm'), gunzipSync(readFileSync(join(root, 'node_modules/@cdktf/hcl2json/main.wasm.gz'))));

const old = join(root, `dist.old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
