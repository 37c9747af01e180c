import { ApiError } from './errors.js';

/**
 * The error AWS answers for a bad value, by the name of the request field that holds it;
 * `*` is the answer for any other field.
 */
export type FieldErrors = Record<string, string> & { '*': string };

// With the u flag a surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Whether a string is well-formed UTF-16, i.e. can be stored and read back as UTF-8 unchanged. */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/**
 * Refuses a request in which any string (value or key, at any depth) holds a lone surrogate:
 * SQLite would store it as bytes that read back as U+FFFD, so a key would never match again.
 */
export function assertWellFormedStrings(request: unknown, errors: FieldErrors): void {
  // An explicit stack: the request may be nested deeper than the call stack allows.
  const pending: { value: unknown; field: string }[] = [{ value: request, field: '*' }];
  while (pending.length > 0) {
    const { value, field } = pending.pop()!;
    if (typeof value === 'string') {
      if (!isWellFormed(value)) throw refusal(field, errors);
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push({ value: item, field });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (!isWellFormed(key)) throw refusal(key, errors);
        pending.push({ value: item, field: key });
      }
    }
  }
}

function refusal(field: string, errors: FieldErrors): ApiError {
  const type = Object.hasOwn(errors, field) ? errors[field] : errors['*'];
  return new ApiError(
    type,
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must be valid Unicode (it holds a lone surrogate)`,
  );
}

/** Step Functions' answer per field, as its API reference lists the errors of each operation. */
export const STATES_FIELD_ERRORS: FieldErrors = {
  '*': 'ValidationException',
  name: 'InvalidName',
  input: 'InvalidExecutionInput',
  definition: 'InvalidDefinition',
  stateMachineArn: 'InvalidArn',
  executionArn: 'InvalidArn',
  stateMachineVersionArn: 'InvalidArn',
  roleArn: 'InvalidArn',
  mapRunArn: 'InvalidArn',
  nextToken: 'InvalidToken',
  taskToken: 'InvalidToken',
  output: 'InvalidOutput',
  loggingConfiguration: 'InvalidLoggingConfiguration',
  destinations: 'InvalidLoggingConfiguration',
  cloudWatchLogsLogGroup: 'InvalidLoggingConfiguration',
  logGroupArn: 'InvalidLoggingConfiguration',
};
