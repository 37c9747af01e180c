import type { Retrier } from '../../aws/retry.js';

// Just enough of an Amazon States Language definition to find a state's type and Retry policy.

export interface AslStateLike {
  Type?: string;
  Retry?: Retrier[];
  Branches?: AslDefinitionLike[];
  Iterator?: AslDefinitionLike;
  ItemProcessor?: AslDefinitionLike;
  [field: string]: unknown;
}

/** A parsed state machine definition (the ASL JSON). */
export interface AslDefinitionLike {
  StartAt?: string;
  States?: Record<string, AslStateLike>;
  [field: string]: unknown;
}

/** The definition text DescribeStateMachine(ForExecution) returns, parsed; undefined if it is not JSON. */
export function parseDefinition(text: string | undefined): AslDefinitionLike | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as AslDefinitionLike)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every state by name, including those inside Parallel branches and Map processors: ASL
 * requires state names to be unique across the whole state machine.
 */
export function indexStates(definition: AslDefinitionLike | undefined): Map<string, AslStateLike> {
  const index = new Map<string, AslStateLike>();
  const visit = (machine: AslDefinitionLike | undefined) => {
    if (!machine?.States || typeof machine.States !== 'object') return;
    for (const [name, state] of Object.entries(machine.States)) {
      if (!state || typeof state !== 'object') continue;
      index.set(name, state);
      state.Branches?.forEach(visit);
      visit(state.Iterator);
      visit(state.ItemProcessor);
    }
  };
  visit(definition);
  return index;
}
