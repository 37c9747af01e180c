#!/usr/bin/env node
// `--version` and pre-rendered help are answered without loading oclif, and the service
// commands run from one bundle without oclif's configuration load (see fast-path.js); the
// rest goes through oclif. Compiled code is cached between runs (compile-cache.js).
//
// bin/ is CommonJS (bin/package.json): Node 20 spends some 7 ms setting up its ESM loader
// for an ESM entry point, which nothing on the fast paths needs.
const { join } = require('node:path');
const { enableCompileCache } = require('./compile-cache.js');
const { bundledCommand, fastPath, runBundled } = require('./fast-path.js');

const argv = process.argv.slice(2);
if (!fastPath(argv)) {
  const command = bundledCommand(argv);
  // Cached code is kept per bundled command, and once for all that oclif runs.
  enableCompileCache(command ?? 'oclif');
  (command ? runBundled(argv) : Promise.resolve(false)).then((ran) => {
    if (!ran) require('@oclif/core/execute').execute({ dir: join(__dirname, '..') });
  });
}
