#!/usr/bin/env node
// `--version` and pre-rendered help are answered without loading oclif (see fast-path.js);
// everything else runs through oclif. It is CommonJS: require() loads it faster than import.
import { createRequire } from 'node:module';
import { fastPath } from './fast-path.js';

if (!fastPath(process.argv.slice(2))) {
  const { execute } = createRequire(import.meta.url)('@oclif/core/execute');
  await execute({ dir: import.meta.url });
}
