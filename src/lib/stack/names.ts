import { createHash } from 'node:crypto';
import { FUNCTION_NAME_MAX_LENGTH, ROLE_NAME_MAX_LENGTH } from '../../aws/limits.js';
import { DEFAULT_STATE_MACHINE } from '../target.js';
import { FUNCTION_PLACEHOLDERS } from '../workflow/index.js';

// What deploy calls the resources of a stack, and the tag that marks them as its own.

/** Every resource deploy makes carries this tag, valued with the stack (state machine) name. */
export const STACK_TAG = 'taskctl:stack';
/** Roles are global to the account: this second tag tells one region's stack from another's. */
export const REGION_TAG = 'taskctl:region';

export type HandlerName = (typeof FUNCTION_PLACEHOLDERS)[keyof typeof FUNCTION_PLACEHOLDERS];
export const HANDLER_NAMES = Object.values(FUNCTION_PLACEHOLDERS) as HandlerName[];

export interface StackNames {
  stack: string;
  /** Function name per bundled handler. */
  functions: Record<HandlerName, string>;
  lambdaRole: string;
  statesRole: string;
  logGroup: string;
}

/** `name` cut to `max` characters, with a short hash of the whole so cut names stay distinct. */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - hash.length - 1)}-${hash}`;
}

/**
 * The default stack's functions keep the handlers' own names (CreateTask…), so `taskctl dev
 * --handlers DIR` files and the /aws/lambda/CreateTask log groups keep working as before; any
 * other stack prefixes its name, so two stacks in one account never share a function. Roles are
 * account-wide, so their names carry the region too.
 */
export function stackNames(stack: string, region: string, logGroup?: string): StackNames {
  const prefix = stack === DEFAULT_STATE_MACHINE ? '' : `${stack}-`;
  const functions = Object.fromEntries(
    HANDLER_NAMES.map((handler) => [handler, fitName(prefix + handler, FUNCTION_NAME_MAX_LENGTH)]),
  ) as Record<HandlerName, string>;
  return {
    stack,
    functions,
    lambdaRole: fitName(`${stack}-${region}-lambda`, ROLE_NAME_MAX_LENGTH),
    statesRole: fitName(`${stack}-${region}-states`, ROLE_NAME_MAX_LENGTH),
    logGroup: logGroup ?? `/aws/vendedlogs/states/${stack}`,
  };
}

export const stackTags = (stack: string): Record<string, string> => ({ [STACK_TAG]: stack });
export const roleTags = (stack: string, region: string): Record<string, string> => ({
  [STACK_TAG]: stack,
  [REGION_TAG]: region,
});
