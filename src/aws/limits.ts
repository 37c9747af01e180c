// Step Functions and CloudWatch Logs quotas that requests and executions are held to.
// Step Functions: "Step Functions service quotas" (Developer Guide) and the API reference;
// CloudWatch Logs: the PutLogEvents API reference.

const DAY_MS = 86_400_000;

/** A state's or execution's input or output: 256 KiB of UTF-8 (States.DataLimitExceeded beyond). */
export const MAX_PAYLOAD_BYTES = 262_144;
/** Workflow variables ("Passing data between states with variables", size limits): one variable's value… */
export const MAX_VARIABLE_BYTES = 262_144;
/** …all the variables one Assign field sets, together… */
export const MAX_ASSIGN_BYTES = 262_144;
/** …and all the variables an execution holds at once. */
export const MAX_TOTAL_VARIABLES_BYTES = 10_485_760;
/** StartExecution's input, in UTF-8 bytes (the API's "input" length constraint). */
export const MAX_EXECUTION_INPUT_BYTES = 262_144;
/** A state machine definition (the API's "definition" length constraint: 1 MB). */
export const MAX_DEFINITION_BYTES = 1_048_576;
/** A standard execution's history holds at most 25,000 events. */
export const MAX_HISTORY_EVENTS = 25_000;
/** A standard execution runs for at most one year. */
export const MAX_EXECUTION_DURATION_MS = 365 * DAY_MS;
/** RedriveExecution takes executions that stopped within the last 14 days. */
export const REDRIVE_PERIOD_DAYS = 14;
export const REDRIVE_PERIOD_MS = REDRIVE_PERIOD_DAYS * DAY_MS;
/** Closed executions are kept (and their names reserved) for 90 days. */
export const CLOSED_EXECUTION_RETENTION_DAYS = 90;
export const CLOSED_EXECUTION_RETENTION_MS = CLOSED_EXECUTION_RETENTION_DAYS * DAY_MS;
/** SendTaskSuccess/Failure/Heartbeat: a task token is 1–2,048 characters (API reference, taskToken). */
export const MAX_TASK_TOKEN_LENGTH = 2_048;
/** SendTaskSuccess: the output is at most 262,144 bytes of UTF-8 (API reference, output). */
export const MAX_TASK_OUTPUT_BYTES = 262_144;
/** StopExecution's (and SendTaskFailure's) error and cause lengths. */
export const MAX_ERROR_LENGTH = 256;
export const MAX_CAUSE_LENGTH = 32_768;

/** PutLogEvents refuses events older than 14 days. */
export const MAX_LOG_EVENT_AGE_MS = 14 * DAY_MS;
/** PutLogEvents: a batch is at most 1,048,576 bytes (each event counted with 26 bytes of overhead). */
export const MAX_LOG_BATCH_BYTES = 1_048_576;
export const LOG_EVENT_OVERHEAD_BYTES = 26;

/** Lambda: a deployment package uploaded directly (ZipFile) is at most 50 MB zipped. */
export const MAX_LAMBDA_ZIP_BYTES = 50 * 1024 * 1024;
/** Lambda: a function's deployment package unzipped is at most 250 MB (262,144,000 bytes). */
export const MAX_LAMBDA_UNZIPPED_BYTES = 262_144_000;
/** Lambda: a function's Timeout is 1–900 seconds (default 3). */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;
/**
 * The init phase (loading the function's code) has its own limit, outside the function's Timeout.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-ib
 */
export const LAMBDA_INIT_LIMIT_SECONDS = 10;
/** Lambda: MemorySize is 128–10,240 MB (default 128). */
export const LAMBDA_MIN_MEMORY_MB = 128;
export const LAMBDA_MAX_MEMORY_MB = 10_240;
/** Lambda: a synchronous Invoke's request payload is at most 6 MB. */
export const MAX_LAMBDA_INVOKE_PAYLOAD_BYTES = 6_291_456;

/** Step Functions, CloudWatch Logs and IAM each allow at most 50 tags on a resource. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** Step Functions: at most 100 aliases per state machine. */
export const MAX_ALIASES_PER_STATE_MACHINE = 100;
/** Step Functions: at most 1000 published versions per state machine (PublishStateMachineVersion). */
export const MAX_VERSIONS_PER_STATE_MACHINE = 1000;

/** IAM role names: 1-64 characters of [\w+=,.@-] (IAM API reference, CreateRole). */
export const ROLE_NAME_MAX_LENGTH = 64;
/** Lambda function names (the bare name, not an ARN): 1-64 characters (CreateFunction). */
export const FUNCTION_NAME_MAX_LENGTH = 64;

/** A token bucket: `bucket` calls at once, refilled at `refillPerSecond` calls per second. */
export interface ApiThrottle {
  bucket: number;
  refillPerSecond: number;
}

/** Step Functions' API throttling quotas (Standard workflows) are larger in these Regions. */
export const LARGE_QUOTA_REGIONS: ReadonlySet<string> = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);

// "Step Functions service quotas", Quotas related to API action throttling, per account and Region
// (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html): [those Regions, all others].
const API_THROTTLES = {
  StartExecution: [
    { bucket: 1300, refillPerSecond: 300 },
    { bucket: 800, refillPerSecond: 150 },
  ],
  RedriveExecution: [
    { bucket: 1300, refillPerSecond: 300 },
    { bucket: 800, refillPerSecond: 150 },
  ],
  GetExecutionHistory: [
    { bucket: 400, refillPerSecond: 20 },
    { bucket: 400, refillPerSecond: 20 },
  ],
  DescribeExecution: [
    { bucket: 300, refillPerSecond: 15 },
    { bucket: 250, refillPerSecond: 10 },
  ],
} satisfies Record<string, [ApiThrottle, ApiThrottle]>;

export type ThrottledOperation = keyof typeof API_THROTTLES;

/** The default throttling quota of `operation` in `region`. */
export function apiThrottle(operation: ThrottledOperation, region: string): ApiThrottle {
  const [large, other] = API_THROTTLES[operation];
  return LARGE_QUOTA_REGIONS.has(region) ? large : other;
}
