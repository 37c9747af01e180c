// `taskctl task succeed|fail|heartbeat`: reading tokens and output, and sending the callbacks.
export { readTaskOutput, readTaskTokens } from './input.js';
export { runCallbacks, type CallbackResult, type CallbackRun } from './run.js';
export { callbackExitCode, sendEach, type CallbackReport, type CallbackTally } from './send.js';
