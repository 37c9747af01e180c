#!/usr/bin/env node
// Runs the built dist/ like run.js; oclif's development mode also turns on debug output.
const { join } = require('node:path');
const { execute } = require('@oclif/core/execute');

execute({ development: true, dir: join(__dirname, '..') });
