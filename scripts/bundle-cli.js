// Bundles dist/direct.js (the service commands, see src/direct.ts) and everything it loads,
// @oclif/core and the AWS SDK included, into one CommonJS file, dist/cli.cjs, and lists those
// commands in dist/cli.json.
//
// - Each of our modules keeps its own import.meta.url (the file it was built to), so paths
//   computed from it, such as the engine's bin/run.js, stay right.
// - `createRequire(import.meta.url)(X)`, which keeps the unbundled build off the ESM loader
//   for the SDK, becomes a plain require(X) so that the SDK is bundled too.
// - Some modules are loaded on first use rather than at load time (see lazyModules).
// - import() becomes require(): Node 20 cannot run import() in code compiled from a code
//   cache, and bin/compile-cache.js skips any module that contains one.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
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

// Modules that dependencies require at load time but a run rarely uses, each replaced by a
// proxy that loads the real module on first use (properties read at load time, such as
// http2.constants, are proxies too):
// - node:http2: only the SDK's HTTP/2 handler uses it, and taskctl never does;
// - node:child_process and node:readline: oclif uses them only on some paths;
// - oclif's Config, which its Command requires only for the static Command.run() that
//   src/direct.ts does not use (its plugin loading is most of what the bundle skips).
// Only for CommonJS dependencies, which use the module object as it is; our own ESM imports
// get the real modules.
const LAZY_BUILTINS = { http2: ['constants'], child_process: [], readline: [] };
const LAZY_MODULES = [{ importer: /@oclif\/core\/lib\/command\.js$/, path: './config' }];

const lazyModules = {
  name: 'lazy-modules',
  setup(bundle) {
    const builtins = new RegExp(`^(node:)?(${Object.keys(LAZY_BUILTINS).join('|')})$`);
    bundle.onResolve(
      { filter: /.*/ },
      async ({ path, importer, namespace, resolveDir, kind, pluginData }) => {
        if (namespace === 'lazy' || pluginData === 'real' || !importer.includes('/node_modules/'))
          return undefined;
        if (builtins.test(path)) {
          const name = path.replace(/^node:/, '');
          return { path: `node:${name}`, namespace: 'lazy', pluginData: { early: LAZY_BUILTINS[name] } };
        }
        if (!LAZY_MODULES.some((lazy) => lazy.importer.test(importer) && lazy.path === path))
          return undefined;
        const real = await bundle.resolve(path, { importer, resolveDir, kind, pluginData: 'real' });
        return { path: real.path, namespace: 'lazy', pluginData: { early: [] } };
      },
    );
    bundle.onLoad({ filter: /.*/, namespace: 'lazy' }, ({ path, pluginData }) => ({
      contents: `let real;
        const load = () => (real ??= require(${JSON.stringify(path)}));
        const early = { ${pluginData.early.map((key) => `${key}: new Proxy({}, { get: (_, k) => load().${key}[k] })`).join(', ')} };
        module.exports = new Proxy({}, { get: (_, key) => (Object.hasOwn(early, key) ? early[key] : load()[key]) });`,
      resolveDir: root,
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
  // BUNDLE_MINIFY=0 keeps names and module comments, for reading a CPU profile.
  minify: process.env.BUNDLE_MINIFY !== '0',
  // The builds Node's require() would load: without these, esbuild prefers the "module"
  // builds, which for the SDK are the slower-to-load ESM sources (some browser variants too).
  mainFields: ['main'],
  conditions: [],
  supported: { 'dynamic-import': false },
  // Left in node_modules and loaded from there by the few runs that need them (all CommonJS,
  // so require() works): oclif's TypeScript support (never used by a built CLI) and plugin
  // discovery, the Logs, Lambda and IAM clients (`logs`, `watch --logs`, `deploy`, `destroy`), the SDK's clients for SSO and
  // assumed-role credentials, its browser detection, and asl-validator. Less to read and hash on every run.
  external: [
    'typescript',
    'ts-node',
    '@aws-sdk/client-cloudwatch-logs',
    '@aws-sdk/client-lambda',
    '@aws-sdk/client-iam',
    '@aws-sdk/nested-clients',
    'bowser',
    'picomatch',
    'minimatch',
    'tinyglobby',
    'fdir',
    'lilconfig',
    // Only deploys to endpoints without ValidateStateMachineDefinition load it (with ajv).
    'asl-validator',
  ],
  plugins: [ownModules, lazyModules],
  metafile: true,
  logLevel: 'warning',
});

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
if (bytes > 4 * 1024 * 1024) throw new Error(`dist/cli.cjs is ${bytes} bytes: something large got bundled`);

// The commands the bundle runs, for bin/run.js to know without loading it.
const { directCommands } = await import(`${dist}direct.js`);
await writeFile(`${dist}cli.json`, JSON.stringify({ commands: Object.keys(directCommands) }));
