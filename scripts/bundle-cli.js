// Bundles dist/direct.js (the service commands, see src/direct.ts) and everything it loads,
// @oclif/core and the AWS SDK included, into one CommonJS file, dist/cli.cjs.
//
// - Each of our modules keeps its own import.meta.url (the file it was built to), so paths
//   computed from it, such as the engine's bin/run.js, stay right.
// - `createRequire(import.meta.url)(X)`, which keeps the unbundled build off the ESM loader
//   for the SDK, becomes a plain require(X) so that the SDK is bundled too.
// - node:http2, which only the SDK's HTTP/2 handler uses and taskctl never does, is loaded on
//   first use rather than with the SDK (about 4 ms of every run).
// - import() becomes require(): Node 20 cannot run import() in code compiled from a code
//   cache, and bin/compile-cache.js skips any module that contains one.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist/`;

const ownModules = {
  name: 'own-modules',
  setup(bundle) {
    bundle.onLoad({ filter: /\/dist\/.*\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(relative(dist, path))})).href`;
      return {
        contents: source
          .replaceAll('createRequire(import.meta.url)(', 'require(')
          .replaceAll('import.meta.url', url),
        loader: 'js',
      };
    });
  },
};

const lazyHttp2 = {
  name: 'lazy-http2',
  setup(bundle) {
    bundle.onResolve({ filter: /^(node:)?http2$/ }, ({ importer }) =>
      importer.includes('lazy-http2')
        ? { path: 'node:http2', external: true }
        : { path: 'lazy-http2', namespace: 'lazy' },
    );
    bundle.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: `let http2;
        module.exports = new Proxy({}, { get: (_, key) => (http2 ??= require('node:http2'))[key] });`,
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: [`${dist}direct.js`],
  outfile: `${dist}cli.cjs`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: process.env.BUNDLE_MINIFY !== '0',
  // CommonJS builds of the dependencies, as require() would load them.
  mainFields: ['main', 'module'],
  supported: { 'dynamic-import': false },
  // Optional dependencies of oclif's TypeScript support, never used by a built CLI.
  external: ['typescript', 'ts-node'],
  plugins: [ownModules, lazyHttp2],
  metafile: true,
  logLevel: 'warning',
});

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
if (bytes > 4 * 1024 * 1024) throw new Error(`dist/cli.cjs is ${bytes} bytes: something large got bundled`);
