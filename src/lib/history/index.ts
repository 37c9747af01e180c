// Pure functions over Step Functions history events: per-state visits, attempts, retries and
// when the next retry is due. No SDK, no printing; see design §3 "Retry counts".
export type * from './types.js';
export { analyzeHistory, annotateEvents, summarizeVisits, type AnalyzeOptions } from './analyze.js';
export { indexStates, parseDefinition, type AslDefinitionLike, type AslStateLike } from './definition.js';
export { orderEvents } from './order.js';
export { nextRetryAt } from './retry.js';
export { isCallbackScheduled, taskTokenOf } from './callback.js';
export { currentStates, summarizeStates, waitingCallbacks } from './summary.js';
