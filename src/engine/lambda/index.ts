// The local Lambda runtime: runs handler modules for Task states whose resource is a Lambda ARN.
export {
  LambdaRuntime,
  LambdaRuntimeClosedError,
  type InvocationResult,
  type LambdaRuntimeOptions,
} from './runtime.js';
export { bundledHandlersDir, functionNameOf, resolveHandlerModule, type ResolvedHandler } from './resolve.js';
export { logGroupNameFor } from './log-format.js';
