import type { Target } from '../target.js';
import type { StepFunctions } from './clients.js';

// Entry point to the SDK wrapper. Loads nothing from @aws-sdk until connect() is called, so
// commands that never talk to the service (and --help/--version) start at bare-node speed.

export type { StepFunctions, ExecutionDescription, Diagnostic } from './clients.js';
export type { CloudWatchLogs, FilteredLogEvent } from './logs.js';

export interface ConnectOptions {
  /** Called once, before the local engine is auto-started (the command prints a notice). */
  onEngineStart?: (target: Target) => void;
  /** Aborts in-flight requests on Ctrl-C. */
  signal?: AbortSignal;
  /** Bulk work uses the SDK's adaptive retry mode (client-side rate limiting). */
  bulk?: boolean;
}

export async function connect(target: Target, options: ConnectOptions = {}): Promise<StepFunctions> {
  const { createStepFunctions } = await import('./clients.js');
  return createStepFunctions(target, options);
}

/** The CloudWatch Logs wrapper for the same target (`taskctl logs`, `watch --logs`); lazy too. */
export async function connectLogs(target: Target, options: { signal?: AbortSignal } = {}) {
  const { createCloudWatchLogs } = await import('./logs.js');
  return createCloudWatchLogs(target, options.signal);
}
