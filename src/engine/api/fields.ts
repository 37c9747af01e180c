import { ApiError, validation } from './errors.js';

// Type checks for request fields no other rule reads: a wrong JSON type must be refused, not
// stored (it would be handed back later) or bound into SQL (where it is an internal error).

const refuse = (field: string, rule: string) =>
  validation(
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must ${rule}`,
  );

/** An optional string field within AWS's length limit. */
export function assertOptionalString(value: unknown, field: string, maxLength: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') throw refuse(field, 'be a string');
  if (value.length > maxLength) throw refuse(field, `have length less than or equal to ${maxLength}`);
}

export function assertOptionalBoolean(value: unknown, field: string): void {
  if (value !== undefined && value !== null && typeof value !== 'boolean')
    throw refuse(field, 'be a boolean');
}

/** An optional structure: a JSON object, not an array or a scalar. */
export function assertOptionalObject(value: unknown, field: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) throw refuse(field, 'be a structure');
}

/** A field that breaks a model constraint, as the service names that error. */
export type Constraint = (value: unknown, field: string, rule: string) => ApiError;

/**
 * AWS's request-validation error ("1 validation error detected: Value 'x' at 'field' failed to
 * satisfy constraint: …") under the error name the service uses for it.
 */
export const constraintError =
  (type: string): Constraint =>
  (value, field, rule) =>
    new ApiError(
      type,
      `1 validation error detected: Value ${value === undefined || value === null ? 'null' : `'${typeof value === 'object' ? JSON.stringify(value) : String(value)}'`} at '${field}' failed to satisfy constraint: ${rule}`,
    );

/** An optional integer field within [min, max]. */
export function checkInteger(
  value: unknown,
  field: string,
  min: number,
  max: number,
  constraint: Constraint,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw constraint(value, field, 'Member must be an integer');
  if (value < min) throw constraint(value, field, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(value, field, `Member must have value less than or equal to ${max}`);
  return value;
}

/** An optional string field within [min, max] characters, matching `pattern` if given. */
export function checkString(
  value: unknown,
  field: string,
  limits: { min?: number; max: number; pattern?: RegExp },
  constraint: Constraint,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw constraint(value, field, 'Member must be a string');
  const { min = 0, max, pattern } = limits;
  if (value.length < min)
    throw constraint(value, field, `Member must have length greater than or equal to ${min}`);
  if (value.length > max)
    throw constraint(value, field, `Member must have length less than or equal to ${max}`);
  if (pattern && !pattern.test(value))
    throw constraint(value, field, `Member must satisfy regular expression pattern: ${pattern.source}`);
  return value;
}
