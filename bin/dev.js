#!/usr/bin/env node
// Runs the built dist/ like run.js; oclif's development mode also turns on debug output.
import { execute } from '@oclif/core/execute';

await execute({ development: true, dir: import.meta.url });
