import { validation } from './errors.js';

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
