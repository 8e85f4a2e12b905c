// The package's entry points as bundles (after tsc; `npm run build` runs both).
//
// Start-up is dominated by loading modules (≈ 0.35 ms each, ≈ 600 of them for
// the preload), so each entry point — the preload, the public API, the
// Express handlers, the CLI and the two worker threads — becomes one file
// holding Vigil's code and its OpenTelemetry dependencies. It is written over
// tsc's file of the same path, so the `exports` map, `bin` and every
// `new Worker(new URL('./x.js', import.meta.url))` find it where they did.
// Code that entries share, and every dynamic `import()` (what loads lazily:
// the SDK, the telemetry server, exporters), goes to dist/chunks/.
// tsc's other per-file output stays in dist/ for the declarations and for
// benches that import an internal module.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = resolve(ROOT, 'dist');

// One build per process role. The preload, the API and the Express handlers run in one process and
// must share their modules (one copy of Vigil's state), so they are one build whose shared code and
// lazy parts are chunks. The CLI and each worker thread run alone: built on their own, their code does
// not split the preload's chunks further (a worker is one file).
const BUILDS = [
  { entries: ['src/register.ts', 'src/index.ts', 'src/express.ts'], splitting: true },
  { entries: ['src/cli/main.ts'], splitting: true },
  { entries: ['src/dashboard/read-thread.ts'], splitting: false },
  { entries: ['exporters/sqlite/write-thread.ts'], splitting: false },
];

// Left as imports of the installed package:
// - import-in-the-middle and require-in-the-middle: the ESM loader hook must be a real file, and the
//   modules it wraps import the package's own registry, which the instrumentations' hooks must share;
// - libraries an application may use itself, which an instrumentation may patch (express), and what
//   Vigil loads only on demand through createRequire (yaml, prom-client) or for e-mail (nodemailer);
// - the gRPC exporters: optional peer dependencies, often not installed.
const EXTERNAL = [
  'import-in-the-middle',
  'import-in-the-middle/*',
  'require-in-the-middle',
  'express',
  'yaml',
  'prom-client',
  'nodemailer',
  '@opentelemetry/exporter-trace-otlp-grpc',
  '@opentelemetry/exporter-metrics-otlp-grpc',
  '@opentelemetry/exporter-logs-otlp-grpc',
];

// Each Vigil module's `import.meta.url` keeps meaning its own file in dist/ (tsc's layout), wherever
// the bundler puts its code: relative to the output file that holds it, fixed up after the build.
// `import.meta.dirname` / `filename` would name the output file instead: the build refuses them.
const MARK = '__VIGIL_DIST__/';
const ownUrl = {
  name: 'own-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const rel = relative(ROOT, args.path).replace(/\.ts$/, '.js');
      const src = await readFile(args.path, 'utf8');
      if (/import\.meta\.(dirname|filename)/.test(src)) {
        return { errors: [{ text: `${relative(ROOT, args.path)}: use import.meta.url (import.meta.dirname and filename would name the bundle's file)` }] };
      }
      return { contents: src.replaceAll('import.meta.url', `new URL(${JSON.stringify(MARK + rel)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

// `import … from 'node:http'` in an ES module costs ≈ 15–30 ms: building its ES module facade reads
// every export, and `WebSocket`, `CloseEvent` and `MessageEvent` are getters that load Node's
// bundled undici. The CommonJS object (`process.getBuiltinModule`) has no such cost; its exports are
// re-exported here, the getters left out (a build that imports one fails: no such export).
const builtinFacade = {
  name: 'builtin-facade',
  setup(b) {
    b.onResolve({ filter: /^(node:)?http$/ }, () => ({ path: 'node:http', namespace: 'builtin-facade' }));
    b.onLoad({ filter: /.*/, namespace: 'builtin-facade' }, (args) => {
      const mod = process.getBuiltinModule(args.path);
      const names = Object.keys(mod).filter((k) => k !== 'default' && !Object.getOwnPropertyDescriptor(mod, k).get);
      const lines = [`const m = process.getBuiltinModule(${JSON.stringify(args.path)});`, 'export default m;', ...names.map((k) => `export const ${k} = m.${k};`)];
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

const options = {
  absWorkingDir: ROOT,
  outdir: DIST,
  outbase: ROOT,
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // ESM builds of the dependencies where they have one.
  mainFields: ['module', 'main'],
  external: EXTERNAL,
  // CommonJS dependencies call require() for Node's built-ins.
  banner: { js: "import { createRequire as __vigilRequire } from 'node:module'; const require = __vigilRequire(import.meta.url);" },
  // Less source to read, parse and hold; function names kept for stack traces.
  minify: true,
  keepNames: true,
  legalComments: 'eof',
  plugins: [ownUrl, builtinFacade],
  write: false,
  metafile: true,
  logLevel: 'warning',
};
const results = await Promise.all(BUILDS.map(({ entries, splitting }) => build({ ...options, entryPoints: entries, splitting })));

rmSync(resolve(DIST, 'chunks'), { recursive: true, force: true });
for (const file of results.flatMap((r) => r.outputFiles)) {
  const up = relative(dirname(file.path), DIST) || '.';
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.text.replaceAll(MARK, `${up}/`));
}

// Which of Vigil's modules each output file holds (tsc's paths), for the test that checks what
// start-up loads and what stays lazy (test/integration/startup-lazy.test.ts). Not part of the package.
const manifest = {};
for (const [out, meta] of results.flatMap((r) => Object.entries(r.metafile.outputs))) {
  if (!out.endsWith('.js')) continue;
  manifest[relative(DIST, resolve(ROOT, out))] = Object.keys(meta.inputs)
    .filter((i) => !i.includes('node_modules/'))
    .map((i) => i.replace(/\.ts$/, '.js'));
}
writeFileSync(resolve(DIST, 'bundle-manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
