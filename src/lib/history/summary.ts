import type { StateSummary, StateVisit, WaitingCallback } from './types.js';

/**
 * One row per state, in the order states were first entered: visits counted separately and
 * summed (a polling loop's CheckTaskStatus: many visits, each with its own attempts), across
 * redrives too. Status, and when the next retry is due, are the latest visit's.
 */
export function summarizeStates(visits: readonly StateVisit[]): StateSummary[] {
  const byState = new Map<string, StateSummary>();
  for (const visit of visits) {
    let summary = byState.get(visit.state);
    if (!summary) {
      summary = {
        state: visit.state,
        stateType: visit.stateType,
        status: visit.status,
        visits: 0,
        attempts: 0,
        retries: 0,
        failures: [],
        durationMs: 0,
      };
      byState.set(visit.state, summary);
    }
    summary.status = visit.status;
    summary.visits += 1;
    summary.attempts += visit.attempts;
    summary.retries += visit.retries;
    summary.durationMs += visit.durationMs ?? 0;
    if (visit.failures.length) {
      summary.failures.push(...visit.failures);
      const last = visit.failures[visit.failures.length - 1];
      summary.lastError = { error: last.error, cause: last.cause };
    }
    if (visit.nextRetryAt) summary.nextRetryAt = visit.nextRetryAt;
    else delete summary.nextRetryAt;
  }
  return [...byState.values()];
}

/** The visits still in progress (RUNNING or RETRYING): where a running execution is now. */
export function currentStates(visits: readonly StateVisit[]): StateVisit[] {
  return visits.filter((visit) => visit.status === 'RUNNING' || visit.status === 'RETRYING');
}

/** The visits waiting for a callback, with their tokens: what a person completes by hand. */
export function waitingCallbacks(visits: readonly StateVisit[]): WaitingCallback[] {
  return visits.flatMap((visit) =>
    visit.callback && visit.status === 'RUNNING'
      ? [{ state: visit.state, visit: visit.visit, token: visit.callback.token, since: visit.callback.since }]
      : [],
  );
}
