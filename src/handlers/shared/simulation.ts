// The simulated asynchronous job behind the bundled handlers. Pure and deterministic: a job's
// progress is counted in status checks, never read from a clock, so it behaves the same under
// `taskctl dev --speed N`, after an engine restart, and on AWS. See ../README.md.
import { createHash } from 'node:crypto';

export const HANDLER_NAMES = ['CreateTask', 'CheckTaskStatus', 'TaskCompleted'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export type JobState = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

// Error names are what Step Functions matches in Retry/Catch. They are set on the prototype
// so the stack's first line (the trace Lambda reports) carries the name too.

/** A retryable failure: the workflow's Retry policy matches this name. */
export class TransientError extends Error {}
TransientError.prototype.name = 'TransientError';

/** A permanent failure: not retried; the workflow's Catch routes it to the Fail state. */
export class JobRejectedError extends Error {}
JobRejectedError.prototype.name = 'JobRejectedError';

/** The task input (or a job status) is malformed. Not retried. */
export class InvalidTaskInput extends Error {}
InvalidTaskInput.prototype.name = 'InvalidTaskInput';

/** The task input, validated and with defaults applied. */
export interface TaskSettings {
  durationSeconds: number;
  pollSeconds: number;
  transientFailures: Record<HandlerName, number>;
  outcome: 'SUCCEEDED' | 'FAILED';
  permanentError: HandlerName | null;
}

/** The job status CreateTask returns and every CheckTaskStatus call updates. */
export interface JobStatus {
  jobId: string;
  state: JobState;
  checks: number; // CheckTaskStatus calls so far
  pollSeconds: number; // the Wait state's SecondsPath reads this
  durationSeconds: number;
  error?: string;
  reason?: string;
}

/** What the workflow passes each handler (see src/lib/workflow/definition.ts). */
export interface HandlerEvent {
  executionArn?: string;
  retryCount?: number;
  task?: unknown;
  job?: unknown;
}

/** The parts of the Lambda Node.js context the handlers use. */
export interface LambdaContext {
  functionName: string;
  awsRequestId: string;
}

/** A handler's decision: the line it logs and either its result or the error it throws. */
export type Outcome<T> = { log: Record<string, unknown> } & ({ output: T } | { error: Error });

export const DEFAULT_DURATION_SECONDS = 10;
export const DEFAULT_POLL_SECONDS = 5;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates the task input; throws InvalidTaskInput naming the first bad field. */
export function parseTask(task: unknown): TaskSettings {
  if (!isObject(task)) {
    throw new InvalidTaskInput(`the task input must be a JSON object, got ${describe(task)}`);
  }
  const durationSeconds = task.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (typeof durationSeconds !== 'number' || !Number.isFinite(durationSeconds) || durationSeconds < 0) {
    throw new InvalidTaskInput(
      `durationSeconds must be a number >= 0, got ${describe(task.durationSeconds)}`,
    );
  }
  const pollSeconds = task.pollSeconds ?? DEFAULT_POLL_SECONDS;
  if (
    typeof pollSeconds !== 'number' ||
    !Number.isInteger(pollSeconds) ||
    pollSeconds < 1 ||
    pollSeconds > 86_400
  ) {
    throw new InvalidTaskInput(
      `pollSeconds must be an integer from 1 to 86400, got ${describe(task.pollSeconds)}`,
    );
  }
  const transientFailures: Record<HandlerName, number> = {
    CreateTask: 0,
    CheckTaskStatus: 0,
    TaskCompleted: 0,
  };
  if (task.transientFailures !== undefined) {
    if (!isObject(task.transientFailures)) {
      throw new InvalidTaskInput(
        `transientFailures must be an object, got ${describe(task.transientFailures)}`,
      );
    }
    for (const [name, count] of Object.entries(task.transientFailures)) {
      if (!isHandlerName(name)) {
        throw new InvalidTaskInput(`transientFailures.${name}: not a handler (${HANDLER_NAMES.join(', ')})`);
      }
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        throw new InvalidTaskInput(
          `transientFailures.${name} must be an integer >= 0, got ${describe(count)}`,
        );
      }
      transientFailures[name] = count;
    }
  }
  const outcome = task.outcome ?? 'SUCCEEDED';
  if (outcome !== 'SUCCEEDED' && outcome !== 'FAILED') {
    throw new InvalidTaskInput(`outcome must be "SUCCEEDED" or "FAILED", got ${describe(task.outcome)}`);
  }
  const permanentError = task.permanentError ?? null;
  if (permanentError !== null && !isHandlerName(permanentError)) {
    throw new InvalidTaskInput(
      `permanentError must be one of ${HANDLER_NAMES.join(', ')}, got ${describe(permanentError)}`,
    );
  }
  return { durationSeconds, pollSeconds, transientFailures, outcome, permanentError };
}

/** Validates the job status a previous step produced. */
export function parseJob(job: unknown): JobStatus {
  if (
    !isObject(job) ||
    typeof job.jobId !== 'string' ||
    (job.state !== 'RUNNING' && job.state !== 'SUCCEEDED' && job.state !== 'FAILED') ||
    typeof job.checks !== 'number' ||
    !Number.isInteger(job.checks) ||
    job.checks < 0
  ) {
    throw new InvalidTaskInput(`job must be the status object CreateTask returned, got ${describe(job)}`);
  }
  return job as unknown as JobStatus;
}

/** A stable id per execution (or per task input when invoked outside a workflow). */
export function jobIdFor(executionArn: string | undefined, task: unknown): string {
  const seed = executionArn ?? JSON.stringify(task);
  return `job-${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;
}

/** The injected failure for `handler` at this attempt, if any: transient ones first, then permanent. */
function injectedFailure(
  handler: HandlerName,
  settings: TaskSettings,
  retryCount: number,
): Error | undefined {
  const transient = settings.transientFailures[handler];
  if (retryCount < transient) {
    return new TransientError(
      `${handler}: simulated transient failure ${retryCount + 1} of ${transient} (retryCount ${retryCount})`,
    );
  }
  if (settings.permanentError === handler) {
    return new JobRejectedError(`${handler}: the job was rejected (permanentError: "${handler}")`);
  }
  return undefined;
}

const retryCountOf = (event: HandlerEvent) =>
  typeof event.retryCount === 'number' && Number.isInteger(event.retryCount) ? event.retryCount : 0;

const logOf = (handler: HandlerName, event: HandlerEvent, fields: Record<string, unknown>) => ({
  executionArn: event.executionArn ?? null,
  handler,
  retryCount: retryCountOf(event),
  ...fields,
});

/** CreateTask: submits the job. Returns `{task, job}` so later states keep the original input. */
export function createTask(event: HandlerEvent): Outcome<{ task: unknown; job: JobStatus }> {
  const settings = parseTask(event.task);
  const jobId = jobIdFor(event.executionArn, event.task);
  const error = injectedFailure('CreateTask', settings, retryCountOf(event));
  if (error)
    return { log: logOf('CreateTask', event, { jobId, error: error.name, message: error.message }), error };
  const job: JobStatus = {
    jobId,
    state: 'RUNNING',
    checks: 0,
    pollSeconds: settings.pollSeconds,
    durationSeconds: settings.durationSeconds,
  };
  return { log: logOf('CreateTask', event, { jobId, state: job.state }), output: { task: event.task, job } };
}

/**
 * CheckTaskStatus: one status check. The job is RUNNING until checks × pollSeconds reaches
 * durationSeconds, then ends in the task's `outcome`. Transient failures apply to the first
 * check only, so the polling loop that follows is unaffected.
 */
export function checkTaskStatus(event: HandlerEvent): Outcome<JobStatus> {
  const settings = parseTask(event.task);
  const job = parseJob(event.job);
  const error =
    job.checks === 0 ? injectedFailure('CheckTaskStatus', settings, retryCountOf(event)) : undefined;
  if (error) {
    return {
      log: logOf('CheckTaskStatus', event, { jobId: job.jobId, error: error.name, message: error.message }),
      error,
    };
  }
  if (job.state !== 'RUNNING') {
    // already finished (e.g. a redrive re-ran the check): report the same final status again
    return {
      log: logOf('CheckTaskStatus', event, { jobId: job.jobId, state: job.state, checks: job.checks }),
      output: job,
    };
  }
  const checks = job.checks + 1;
  const finished = checks * settings.pollSeconds >= settings.durationSeconds;
  const state: JobState = finished ? settings.outcome : 'RUNNING';
  const status: JobStatus = {
    jobId: job.jobId,
    state,
    checks,
    pollSeconds: settings.pollSeconds,
    durationSeconds: settings.durationSeconds,
    ...(state === 'FAILED'
      ? { error: 'JobFailed', reason: 'the job finished unsuccessfully (outcome: "FAILED")' }
      : {}),
  };
  return { log: logOf('CheckTaskStatus', event, { jobId: job.jobId, state, checks }), output: status };
}

/** TaskCompleted: records the finished job and returns its summary. */
export function taskCompleted(
  event: HandlerEvent,
): Outcome<{ jobId: string; state: JobState; checks: number; summary: string }> {
  const settings = parseTask(event.task);
  const job = parseJob(event.job);
  const error = injectedFailure('TaskCompleted', settings, retryCountOf(event));
  if (error) {
    return {
      log: logOf('TaskCompleted', event, { jobId: job.jobId, error: error.name, message: error.message }),
      error,
    };
  }
  const output = {
    jobId: job.jobId,
    state: job.state,
    checks: job.checks,
    summary: `job ${job.jobId} finished ${job.state} after ${job.checks} status check${job.checks === 1 ? '' : 's'}`,
  };
  return { log: logOf('TaskCompleted', event, { jobId: job.jobId, state: job.state }), output };
}

/**
 * Runs a decision inside a Lambda handler: logs its one line (also when the input is invalid),
 * then returns the result or throws the error.
 */
export function runHandler<T>(
  handler: HandlerName,
  event: HandlerEvent | null | undefined,
  decide: (e: HandlerEvent) => Outcome<T>,
): T {
  const e = event ?? {};
  let outcome: Outcome<T>;
  try {
    outcome = decide(e);
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    outcome = { log: logOf(handler, e, { error: error.name, message: error.message }), error };
  }
  console.log(JSON.stringify(outcome.log));
  if ('error' in outcome) throw outcome.error;
  return outcome.output;
}

function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && (HANDLER_NAMES as readonly string[]).includes(name);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
