import { NAME_MAX_LENGTH, codePointLabel, nameProblem, type NameProblem } from '../aws/names.js';
import { UsageError } from './errors.js';

// AWS's naming rules for executions and state machines (src/aws/names.ts), checked before any
// call so a bad name is a usage error (exit 2) rather than a round trip.

/** Why the name is invalid, or undefined when it is valid. */
export function executionNameProblem(name: string): string | undefined {
  const problem = nameProblem(name);
  if (!problem) return undefined;
  if (problem.kind === 'length') {
    return problem.length === 0
      ? 'is empty'
      : `is ${problem.length} characters long; the limit is ${NAME_MAX_LENGTH}`;
  }
  return `contains ${describeCharacter(problem)}, which execution names cannot contain`;
}

export function assertExecutionName(name: string, what = 'execution name'): void {
  const problem = executionNameProblem(name);
  if (problem) {
    throw new UsageError(`${what} "${name}" ${problem}`, {
      hint: `names have 1-${NAME_MAX_LENGTH} characters, none of them whitespace, control characters, lone surrogates or < > { } [ ] ? * " # % \\ ^ | ~ \` $ & , ; : /`,
    });
  }
}

function describeCharacter(problem: Extract<NameProblem, { kind: 'character' }>): string {
  const code = codePointLabel(problem.codePoint);
  switch (problem.reason) {
    case 'whitespace':
      return problem.character === ' ' ? 'a space' : `whitespace (${code})`;
    case 'control character':
      return `a control character (${code})`;
    case 'surrogate':
      return `a lone surrogate (${code})`;
    case 'invalid character':
      return `an invalid character (${code})`;
    case 'special character':
      return `"${problem.character}"`;
  }
}
