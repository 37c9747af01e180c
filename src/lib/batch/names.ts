import { createHash } from 'node:crypto';
import { executionNameProblem } from '../names.js';
import { canonicalJson } from '../same-task.js';

// Execution names for `submit --batch`: taken from a field of the line (--name-field), or a
// hash of the line's content (--idempotent), so that running the same file again starts nothing
// twice (StartExecution refuses or returns an execution whose name is taken).

/** `batch-` and the first 32 hex digits of the SHA-256 of the line's canonical JSON (38 characters). */
export function idempotentName(text: string): string {
  return `batch-${createHash('sha256').update(canonicalJson(text)).digest('hex').slice(0, 32)}`;
}

/** The execution name in top-level string field `field`, or why there is none. */
export function nameFromField(
  value: Record<string, unknown>,
  field: string,
): { name: string } | { problem: string } {
  const name = Object.hasOwn(value, field) ? value[field] : undefined;
  if (name === undefined) return { problem: `has no field "${field}" to name the execution` };
  if (typeof name !== 'string') {
    const kind = name === null ? 'null' : Array.isArray(name) ? 'an array' : `a ${typeof name}`;
    return { problem: `field "${field}" must be a string to name the execution, got ${kind}` };
  }
  const problem = executionNameProblem(name);
  return problem ? { problem: `field "${field}": execution name "${name}" ${problem}` } : { name };
}
