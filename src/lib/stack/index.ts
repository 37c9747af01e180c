// Standing a stack up (deploy) and taking it down (destroy): one module per resource kind, a
// planner that only reads, and an applier that writes what the plan says.
export { applyStack, type AppliedStack } from './applier.js';
export { checkHandlersDir } from './code.js';
export { DEFAULT_RUNTIME } from './functions.js';
export { HANDLER_NAMES, STACK_TAG, stackNames } from './names.js';
export { formatPlanLine, type ResourcePlan } from './plan.js';
export {
  definitionToValidate,
  fillDefinition,
  planStack,
  type StackRequest,
  type StackServices,
} from './planner.js';
export { propagationLimitMs } from './propagation.js';
export { deleteStack, findStack, type StackResource } from './destroy.js';
