// AWS facts and formats shared by the engine and the CLI — the only code they share. Pure: no
// Node I/O and no imports from the rest of taskctl.
export * from './arn.js';
export * from './errors.js';
export * from './events.js';
export * from './limits.js';
export * from './names.js';
export * from './retry.js';
export * from './statuses.js';
