import { UsageError } from './errors.js';

// AWS's naming rules for executions and state machines, checked before any call so a bad
// name is a usage error (exit 2) rather than a round trip.

const MAX_NAME_LENGTH = 80;
// Whitespace, brackets, wildcards, the special punctuation AWS lists, and control characters.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/** Why the name is invalid, or undefined when it is valid. */
export function executionNameProblem(name: string): string | undefined {
  const length = [...name].length;
  if (length === 0) return 'is empty';
  if (length > MAX_NAME_LENGTH) return `is ${length} characters long; the limit is ${MAX_NAME_LENGTH}`;
  const bad = name.match(FORBIDDEN);
  if (bad) return `contains ${describeChar(bad[0])}, which execution names cannot contain`;
  return undefined;
}

export function assertExecutionName(name: string, what = 'execution name'): void {
  const problem = executionNameProblem(name);
  if (problem) {
    throw new UsageError(`${what} "${name}" ${problem}`, {
      hint: 'names have 1-80 characters, none of them whitespace, control characters or < > { } [ ] ? * " # % \\ ^ | ~ ` $ & , ; : /',
    });
  }
}

function describeChar(char: string): string {
  if (/\s/u.test(char) && char !== ' ') return `whitespace (U+${hex(char)})`;
  if (char === ' ') return 'a space';
  if (/[\u0000-\u001f\u007f-\u009f]/u.test(char)) return `a control character (U+${hex(char)})`; // eslint-disable-line no-control-regex
  return `"${char}"`;
}

const hex = (char: string) => char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
