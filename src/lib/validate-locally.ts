import { createRequire } from 'node:module';
import { MAX_DEFINITION_BYTES } from '../aws/limits.js';
import { TaskctlError } from './errors.js';
import type { Diagnostic } from './sdk/index.js';

// Validation for endpoints without ValidateStateMachineDefinition (moto answers an HTML 500,
// Step Functions Local UnknownOperationException, LocalStack 501 "not yet implemented"):
// asl-validator's schema and transition checks, in the API's diagnostic shape, so deploy
// reports them as it reports the service's.

export const LOCAL_VALIDATION_NOTICE =
  'the endpoint does not implement ValidateStateMachineDefinition; validated locally';

const UNIMPLEMENTED_NAMES = /UnknownOperation|NotImplemented|InvalidAction/;
const UNIMPLEMENTED_MESSAGE = /not (yet )?implemented/i;

/** Whether ValidateStateMachineDefinition failed because the endpoint lacks the operation. */
export function isValidationUnavailable(error: unknown): boolean {
  if (!(error instanceof TaskctlError)) return false;
  const name = error.serviceError ?? error.name;
  if (UNIMPLEMENTED_NAMES.test(name)) return true;
  if (error.serviceError && UNIMPLEMENTED_MESSAGE.test(error.message)) return true;
  // An answer outside the protocol (moto's HTML error page): only a server error means "not
  // implemented"; a 404 or 200 of some other program stays the protocol error it is.
  const status = error.details?.httpStatus;
  return error.name === 'ProtocolError' && typeof status === 'number' && status >= 500;
}

interface AslValidatorError {
  'Error code': string;
  Message: string;
  schemaError?: { instancePath: string };
}
type AslValidator = (definition: unknown) => { isValid: boolean; errors: AslValidatorError[] };

/** The definition's problems as ValidateStateMachineDefinition would list them (empty: valid). */
export function validateLocally(definition: string): { ok: boolean; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (Buffer.byteLength(definition, 'utf8') > MAX_DEFINITION_BYTES) {
    diagnostics.push({
      severity: 'ERROR',
      code: 'DEFINITION_TOO_LARGE',
      message: `the definition is over ${MAX_DEFINITION_BYTES} bytes`,
      location: '/',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch (error) {
    diagnostics.push({
      severity: 'ERROR',
      code: 'INVALID_JSON_DESCRIPTION',
      message: (error as Error).message,
      location: '/',
    });
    return { ok: false, diagnostics };
  }
  // Loaded only here: most deploys never need it, and it compiles its schemas when loaded.
  const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;
  // asl-validator writes a default QueryLanguage into every state, so it gets a copy.
  for (const error of aslValidator(structuredClone(parsed)).errors) {
    const location = error.schemaError?.instancePath;
    // That injected field shows up in its errors; only the user's own QueryLanguage counts.
    if (location?.endsWith('/QueryLanguage') && resolvePointer(parsed, location) === undefined) continue;
    diagnostics.push({
      severity: 'ERROR',
      code: error['Error code'],
      message: error.Message.trim(),
      location: location || '/',
    });
  }
  return { ok: diagnostics.length === 0, diagnostics };
}

/** The value at a JSON pointer (`/States/A/Type`), or undefined. */
function resolvePointer(value: unknown, pointer: string): unknown {
  let at = value;
  for (const raw of pointer.split('/').slice(1)) {
    if (at === null || typeof at !== 'object') return undefined;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
