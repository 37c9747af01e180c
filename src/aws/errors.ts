// Error names: those the States language defines (Developer Guide, "Error handling in Step
// Functions": error names) and those the Step Functions API answers with (API reference, "Errors"
// of each operation and "Common Errors").

/** The States.* error names an execution can fail with or a Retry/Catch can name. */
export const StatesErrors = {
  ALL: 'States.ALL',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Timeout: 'States.Timeout',
  TaskFailed: 'States.TaskFailed',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  DataLimitExceeded: 'States.DataLimitExceeded',
  Runtime: 'States.Runtime',
} as const;

/**
 * The cause of a Map Run failed by ToleratedFailureCount/Percentage (MapRunFailed, then the Map
 * state's failure). Not yet checked against a recorded history: the recordings found read S3.
 */
export const TOLERATED_FAILURE_CAUSE = 'The specified tolerance threshold was exceeded';

/** Runtime errors "are not retriable and will always cause the execution to fail". */
export const UNCATCHABLE_ERRORS: readonly string[] = [StatesErrors.Runtime];

/**
 * Errors the States.TaskFailed wildcard never matches; naming one explicitly still does. States.ALL
 * does match States.DataLimitExceeded: AWS-recorded histories show a States.ALL catcher taking it
 * (localstack's test_states_errors snapshots), whatever the error-handling page says.
 */
export const TASK_FAILED_EXCLUDED_ERRORS: readonly string[] = [
  StatesErrors.Timeout,
  StatesErrors.HeartbeatTimeout,
  StatesErrors.DataLimitExceeded,
];

/** The error names of the Step Functions API that taskctl and the local engine deal in. */
export const ApiErrors = {
  ActivityDoesNotExist: 'ActivityDoesNotExist',
  ConflictException: 'ConflictException',
  ExecutionAlreadyExists: 'ExecutionAlreadyExists',
  ExecutionDoesNotExist: 'ExecutionDoesNotExist',
  ExecutionLimitExceeded: 'ExecutionLimitExceeded',
  ExecutionNotRedrivable: 'ExecutionNotRedrivable',
  InvalidArn: 'InvalidArn',
  InvalidDefinition: 'InvalidDefinition',
  InvalidExecutionInput: 'InvalidExecutionInput',
  InvalidLoggingConfiguration: 'InvalidLoggingConfiguration',
  InvalidName: 'InvalidName',
  InvalidOutput: 'InvalidOutput',
  InvalidToken: 'InvalidToken',
  InvalidTracingConfiguration: 'InvalidTracingConfiguration',
  MissingRequiredParameter: 'MissingRequiredParameter',
  ResourceNotFound: 'ResourceNotFound',
  ServiceQuotaExceededException: 'ServiceQuotaExceededException',
  StateMachineAlreadyExists: 'StateMachineAlreadyExists',
  StateMachineDeleting: 'StateMachineDeleting',
  StateMachineDoesNotExist: 'StateMachineDoesNotExist',
  StateMachineTypeNotSupported: 'StateMachineTypeNotSupported',
  TaskDoesNotExist: 'TaskDoesNotExist',
  TaskTimedOut: 'TaskTimedOut',
  ThrottlingException: 'ThrottlingException',
  ValidationException: 'ValidationException',
} as const;

/**
 * The Step Functions errors not answered with HTTP 400 (the service model's httpError traits, as the
 * SDK carries them; the API reference lists both codes for ConflictException).
 */
export const API_ERROR_STATUS: Readonly<Record<string, number>> = {
  [ApiErrors.ConflictException]: 409,
  [ApiErrors.ServiceQuotaExceededException]: 402,
};

/** API errors that say the request itself was wrong: retrying it unchanged cannot succeed. */
export const BAD_REQUEST_ERRORS: ReadonlySet<string> = new Set([
  ApiErrors.InvalidArn,
  ApiErrors.InvalidName,
  ApiErrors.InvalidExecutionInput,
  ApiErrors.InvalidDefinition,
  ApiErrors.InvalidLoggingConfiguration,
  ApiErrors.InvalidTracingConfiguration,
  ApiErrors.InvalidToken,
  ApiErrors.ValidationException,
  ApiErrors.MissingRequiredParameter,
  ApiErrors.StateMachineTypeNotSupported,
  ApiErrors.ConflictException,
]);

/** The names AWS services (and their SDK) use for "slow down": the request may be retried later. */
export const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
]);

/** The services on the local engine's port, named as in a SigV4 credential scope. */
export type ServiceName = 'states' | 'logs' | 'lambda' | 'iam';

/** An error answer as a service writes it: its error name, HTTP status and message. */
export interface ErrorAnswer {
  type: string;
  status: number;
  message: string;
}

/**
 * How each service says "slow down" (each API reference's throttling error: Step Functions' and
 * CloudWatch Logs' ThrottlingException, Lambda's TooManyRequestsException, IAM's Throttling).
 */
export const THROTTLING_ANSWERS: Record<ServiceName, ErrorAnswer> = {
  states: { type: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  logs: { type: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  lambda: { type: 'TooManyRequestsException', status: 429, message: 'Rate exceeded.' },
  iam: { type: 'Throttling', status: 400, message: 'Rate exceeded' },
};

/**
 * How each service says it failed on its side (the "Common Errors" InternalFailure of the JSON
 * APIs, Lambda's ServiceException, IAM's ServiceFailure): HTTP 500, which the SDKs retry.
 */
export const SERVICE_FAILURE_ANSWERS: Record<ServiceName, ErrorAnswer> = {
  states: {
    type: 'InternalFailure',
    status: 500,
    message: 'The request processing has failed because of an unknown error, exception or failure.',
  },
  logs: {
    type: 'ServiceUnavailableException',
    status: 500,
    message: 'The service cannot complete the request.',
  },
  lambda: {
    type: 'ServiceException',
    status: 500,
    message: 'The AWS Lambda service encountered an internal error.',
  },
  iam: {
    type: 'ServiceFailure',
    status: 500,
    message: 'The request processing has failed because of an unknown error, exception or failure.',
  },
};

/** Why a request's SigV4 signature was refused. */
export type SignatureRefusal = 'missing' | 'incomplete' | 'unknownKey' | 'mismatch';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const UNKNOWN_KEY = 'The security token included in the request is invalid.';

/**
 * How each service refuses a request it cannot authenticate ("Common Errors" of each API
 * reference): the JSON APIs answer 400 with their Exception names, Lambda 403, IAM's Query API
 * 403 with its own codes. A mismatch's message is replaced by "Signature expired: …" for a
 * request dated more than 15 minutes off.
 */
export const SIGNATURE_REFUSALS: Record<ServiceName, Record<SignatureRefusal, ErrorAnswer>> = {
  states: jsonSignatureRefusals(400),
  logs: jsonSignatureRefusals(400),
  lambda: jsonSignatureRefusals(403),
  iam: {
    missing: {
      type: 'MissingAuthenticationToken',
      status: 403,
      message: 'Request is missing Authentication Token',
    },
    incomplete: {
      type: 'IncompleteSignature',
      status: 400,
      message: 'The request signature does not conform to AWS standards.',
    },
    unknownKey: { type: 'InvalidClientTokenId', status: 403, message: UNKNOWN_KEY },
    mismatch: { type: 'SignatureDoesNotMatch', status: 403, message: SIGNATURE_MISMATCH },
  },
};

function jsonSignatureRefusals(status: number): Record<SignatureRefusal, ErrorAnswer> {
  return {
    missing: { type: 'MissingAuthenticationTokenException', status, message: 'Missing Authentication Token' },
    incomplete: {
      type: 'IncompleteSignatureException',
      status,
      message: 'The request signature does not conform to AWS standards.',
    },
    unknownKey: { type: 'UnrecognizedClientException', status, message: UNKNOWN_KEY },
    mismatch: { type: 'InvalidSignatureException', status, message: SIGNATURE_MISMATCH },
  };
}

/** How far a request's X-Amz-Date may be from the service's clock (AWS: 15 minutes). */
export const MAX_SIGNATURE_SKEW_MS = 15 * 60 * 1000;

/**
 * IAM is eventually consistent: a role just created (or its trust policy just changed) may not be
 * assumable for some seconds. These are the answers that say so, which are worth retrying:
 * Lambda's CreateFunction/UpdateFunctionConfiguration ("The role defined for the function cannot
 * be assumed by Lambda.") and Step Functions' CreateStateMachine/UpdateStateMachine ("Neither the
 * global service principal states.amazonaws.com, nor the regional one is authorized to assume the
 * provided role.", as AccessDeniedException or InvalidArn).
 */
/**
 * How each service refuses a role it cannot assume (a role that does not trust it, or one IAM has
 * not propagated yet): Lambda's CreateFunction/UpdateFunctionConfiguration and Step Functions'
 * CreateStateMachine/UpdateStateMachine, as AWS answers them.
 */
export const ROLE_NOT_ASSUMABLE_ANSWERS: Record<'lambda' | 'states', ErrorAnswer> = {
  lambda: {
    type: 'InvalidParameterValueException',
    status: 400,
    message: 'The role defined for the function cannot be assumed by Lambda.',
  },
  states: {
    type: 'AccessDeniedException',
    status: 400,
    message:
      'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
  },
};

export const ROLE_PROPAGATION_ERRORS: readonly { name: string; message: RegExp }[] = [
  { name: 'InvalidParameterValueException', message: /cannot be assumed by Lambda/ },
  {
    name: 'AccessDeniedException',
    message: /is authorized to assume the provided role|not authorized to assume/,
  },
  { name: 'InvalidArn', message: /is authorized to assume the provided role|not authorized to assume/ },
];

export const isRolePropagationError = (name: string | undefined, message: string | undefined): boolean =>
  ROLE_PROPAGATION_ERRORS.some((e) => e.name === name && e.message.test(message ?? ''));
