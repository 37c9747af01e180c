// Public entry point of the embedded engine. Imported lazily by `taskctl dev` only.
export type { EngineOptions, RunningEngine } from './options.js';
export { startEngine } from './server.js';
export { FaultSpecError, parseFaultSpec } from './api/faults.js';
export { DataDirLockedError } from './store/data-dir-lock.js';
