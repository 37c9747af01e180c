#!/usr/bin/env node
// `--version` and pre-rendered help are answered without loading oclif, and the service
// commands run from one bundle without oclif's configuration load (see fast-path.js); the
// rest goes through oclif. Compiled code is cached between runs (compile-cache.js). oclif is
// CommonJS: require() loads it faster than import.
import { createRequire } from 'node:module';
import { enableCompileCache } from './compile-cache.js';
import { fastPath, runBundled } from './fast-path.js';

const argv = process.argv.slice(2);
if (!fastPath(argv)) {
  // Cached code is kept per command word (see compile-cache.js).
  enableCompileCache(/^[a-z][a-z-]*$/.test(argv[0] ?? '') ? argv[0] : '');
  if (!(await runBundled(argv))) {
    const { execute } = createRequire(import.meta.url)('@oclif/core/execute');
    await execute({ dir: import.meta.url });
  }
}
