import { ExitCode, type ExitCodeValue } from './exit-codes.js';

export interface TaskctlErrorOptions {
  /** How to fix it, shown on the line after the problem. */
  hint?: string;
  exitCode?: ExitCodeValue;
  cause?: unknown;
  /** Extra machine-readable detail for the --json error document (e.g. diagnostics). */
  details?: Record<string, unknown>;
  /** The service's own error name (ExecutionDoesNotExist, ThrottlingException…) when it answered with one. */
  serviceError?: string;
}

/** An error the CLI expects and knows how to explain: a name, a message, a fix and an exit code. */
export class TaskctlError extends Error {
  readonly hint?: string;
  readonly exitCode: ExitCodeValue;
  readonly details?: Record<string, unknown>;
  /** Set once, where the SDK's error is mapped (src/lib/sdk/errors.ts); match on this, not on `cause`. */
  readonly serviceError?: string;

  constructor(message: string, options: TaskctlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TaskctlError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.serviceError;
    this.details = options.details;
    this.serviceError = options.serviceError;
  }

  /** The one JSON shape of an error, wherever taskctl prints one. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      exitCode: this.exitCode,
      ...(this.serviceError ? { serviceError: this.serviceError } : {}),
      ...this.details,
    };
  }
}

/** Bad flags, arguments or input: nothing was sent or changed (exit 2). */
export class UsageError extends TaskctlError {
  constructor(message: string, options: Omit<TaskctlErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: ExitCode.usage });
    this.name = 'UsageError';
  }
}

/** A named resource (execution, state machine) does not exist (exit 2: the reference was bad input). */
export class NotFoundError extends TaskctlError {
  constructor(message: string, options: Omit<TaskctlErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: ExitCode.usage });
    this.name = 'NotFoundError';
  }
}

/** The service or the connection to it failed (exit 1). */
export class ServiceError extends TaskctlError {
  constructor(message: string, options: Omit<TaskctlErrorOptions, 'exitCode'> & { name?: string } = {}) {
    super(message, { ...options, exitCode: ExitCode.serviceError });
    this.name = options.name ?? 'ServiceError';
  }
}

/** The user pressed Ctrl-C (exit 130). */
export class InterruptedError extends TaskctlError {
  constructor(options: { message?: string; hint?: string } = {}) {
    super(options.message ?? 'interrupted', { exitCode: ExitCode.interrupted, hint: options.hint });
    this.name = 'InterruptedError';
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'InterruptedError');
}

/** The service's error name carried by a typed error (see TaskctlError.serviceError). */
export const serviceErrorOf = (error: unknown): string | undefined =>
  error instanceof TaskctlError ? error.serviceError : undefined;
