import { isCallbackScheduled, taskTokenOf } from './callback.js';
import { indexStates, type AslDefinitionLike } from './definition.js';
import { detailsOf, errorOf } from '../../aws/events.js';
import { eventKind, stateNameOf, timeOf } from './events.js';
import { orderEvents } from './order.js';
import { nextRetryAt } from './retry.js';
import type { AnnotatedEvent, HistoryEventLike, StateVisit, VisitStatus } from './types.js';

export interface AnalyzeOptions {
  /** Running visits' durations run up to this time; by default up to the last event. */
  now?: Date;
}

/** A visit while the history is being read: the result plus what the next events need. */
interface Tracked {
  visit: StateVisit;
  inFlight: boolean; // an attempt is scheduled and has not ended
  lastFailed: boolean; // the last attempt (or the Parallel/Map itself) failed
  closed: boolean;
  /** The Parallel/Map whose branch or iteration this visit runs in (undefined at the top level). */
  parent?: Tracked;
}

const isContainer = (tracked: Tracked) =>
  tracked.visit.stateType === 'Parallel' || tracked.visit.stateType === 'Map';

/**
 * One linear pass over the history, attributing each event to the visit it belongs to. AWS
 * links every event to the previous one of the same branch (`previousEventId`), so following
 * that link keeps interleaved Parallel branches and Map iterations apart; without a link, the
 * latest open visit is used.
 */
function analyze(
  input: readonly HistoryEventLike[],
  definition: AslDefinitionLike | undefined,
  options: AnalyzeOptions,
  annotate: boolean,
): { visits: StateVisit[]; events: AnnotatedEvent[] } {
  const events = orderEvents(input);
  const tracked: Tracked[] = [];
  const open: Tracked[] = [];
  const ownerById: Array<Tracked | undefined> = [];
  const entries = new Map<string, number>();
  const annotated: AnnotatedEvent[] = annotate ? new Array(events.length) : [];
  let redrive = 0;
  let lastTime: Date | undefined;

  const states = definition ? indexStates(definition) : undefined;
  const close = (item: Tracked, status: VisitStatus, at: Date | undefined) => {
    item.visit.status = status;
    delete item.visit.callback;
    if (at) item.visit.exitedAt = at;
    item.inFlight = false;
    item.closed = true;
    const index = open.lastIndexOf(item);
    if (index >= 0) open.splice(index, 1);
  };
  const leave = (item: Tracked, at: Date | undefined) =>
    close(item, item.lastFailed ? 'CAUGHT' : 'SUCCEEDED', at);
  const linkedOwner = (event: HistoryEventLike): Tracked | undefined =>
    event.previousEventId === undefined ? undefined : ownerById[event.previousEventId];
  const linkedOpen = (event: HistoryEventLike): Tracked | undefined => {
    const linked = linkedOwner(event);
    return linked && !linked.closed ? linked : undefined;
  };
  /**
   * The frame a state is entered in: an open Parallel/Map it links to (its first state), else
   * that of the state it follows; without links, the innermost open Parallel/Map.
   */
  const parentFor = (event: HistoryEventLike): Tracked | undefined => {
    const linked = linkedOwner(event);
    if (linked) return isContainer(linked) && !linked.closed ? linked : linked.parent;
    return findOpenWhere(open, isContainer);
  };
  /**
   * A Parallel/Map failed (ParallelStateFailed, MapStateFailed): whatever still runs inside it
   * ended there. AWS records no exit for a branch's Fail state or its exhausted Task, so without
   * this they would stay open and be closed by the execution's own end, as SUCCEEDED when the
   * container's failure was caught. The failing ones are FAILED; their siblings were stopped.
   */
  const failInside = (container: Tracked, at: Date | undefined) => {
    for (const item of [...open]) {
      if (!isInside(item, container)) continue;
      close(item, item.visit.stateType === 'Fail' || item.lastFailed ? 'FAILED' : 'ABORTED', at);
    }
  };

  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const kind = eventKind(event.type ?? '');
    const at = timeOf(event) ?? lastTime;
    if (at && (!lastTime || at.getTime() > lastTime.getTime())) lastTime = at;
    let owner: Tracked | undefined;

    switch (kind.kind) {
      case 'entered': {
        // A state left without an Exited event (some endpoints omit it) ends where the next begins.
        const previous = linkedOpen(event);
        if (previous && !isContainer(previous)) leave(previous, at);
        const state = stateNameOf(event) ?? '?';
        const count = (entries.get(state) ?? 0) + 1;
        entries.set(state, count);
        owner = {
          visit: {
            state,
            stateType: kind.stateType,
            visit: count,
            status: 'RUNNING',
            enteredAt: at ?? new Date(0),
            attempts: 0,
            retries: 0,
            failures: [],
            redrive,
          },
          inFlight: false,
          lastFailed: false,
          closed: false,
          parent: parentFor(event),
        };
        tracked.push(owner);
        open.push(owner);
        break;
      }
      case 'exited':
      case 'aborted': {
        const name = stateNameOf(event);
        const linked = linkedOpen(event);
        owner = linked && (name === undefined || linked.visit.state === name) ? linked : findOpen(open, name);
        if (owner && kind.kind === 'aborted') close(owner, 'ABORTED', at);
        else if (owner) leave(owner, at);
        break;
      }
      case 'terminal':
        for (const item of [...open]) close(item, kind.status, at);
        break;
      case 'redriven': {
        const count = detailsOf(event)?.redriveCount;
        redrive = typeof count === 'number' ? count : redrive + 1;
        break;
      }
      case 'visit': {
        owner = linkedOpen(event);
        if (kind.container && owner?.visit.stateType !== kind.container) {
          const type = kind.container;
          owner =
            ancestorWhere(owner, (item) => item.visit.stateType === type && !item.closed) ??
            findOpenWhere(open, (item) => item.visit.stateType === type);
        }
        owner ??= open[open.length - 1];
        if (owner) recordAttemptEvent(owner, kind.change, event, at);
        if (owner && isCallbackScheduled(event)) {
          const token = taskTokenOf(event, states?.get(owner.visit.state));
          owner.visit.callback = { ...(token ? { token } : {}), since: at ?? new Date(0) };
        }
        if (owner && kind.change === 'containerFailed') failInside(owner, at);
        break;
      }
    }

    if (owner && event.id !== undefined) ownerById[event.id] = owner;
    if (annotate) {
      const derived: AnnotatedEvent = { ...event };
      if (owner) derived.state = owner.visit.state;
      if (owner && kind.kind === 'visit' && kind.attempt && owner.visit.attempts > 0) {
        derived.attempt = owner.visit.attempts;
      }
      if (owner?.visit.callback?.token && isCallbackScheduled(event))
        derived.taskToken = owner.visit.callback.token;
      annotated[i] = derived;
    }
  }

  const end = (options.now ?? lastTime)?.getTime();
  const visits = tracked.map(({ visit }) => {
    visit.retries = Math.max(0, visit.attempts - 1);
    const until = visit.exitedAt?.getTime() ?? end;
    if (until !== undefined) visit.durationMs = Math.max(0, until - visit.enteredAt.getTime());
    if (visit.status === 'RETRYING' && states) {
      const due = nextRetryAt(states.get(visit.state)?.Retry, visit.failures);
      if (due) visit.nextRetryAt = due;
    }
    return visit;
  });
  return { visits, events: annotated };
}

function recordAttemptEvent(
  item: Tracked,
  change: 'scheduled' | 'failed' | 'succeeded' | 'containerFailed' | 'none',
  event: HistoryEventLike,
  at: Date | undefined,
): void {
  const visit = item.visit;
  switch (change) {
    case 'scheduled':
      visit.attempts += 1;
      visit.status = 'RUNNING';
      item.inFlight = true;
      item.lastFailed = false;
      break;
    case 'failed':
      delete visit.callback;
      // A schedule/start failure may come without a Scheduled event: it is still an attempt.
      if (!item.inFlight) visit.attempts += 1;
      visit.status = 'RETRYING';
      visit.failures.push({ attempt: visit.attempts, ...errorOf(event), at: at ?? new Date(0) });
      item.inFlight = false;
      item.lastFailed = true;
      break;
    case 'succeeded':
      delete visit.callback;
      item.inFlight = false;
      item.lastFailed = false;
      break;
    case 'containerFailed':
      item.lastFailed = true;
      break;
  }
}

function findOpen(open: Tracked[], name: string | undefined): Tracked | undefined {
  for (let i = open.length - 1; i >= 0; i--) {
    if (name === undefined || open[i].visit.state === name) return open[i];
  }
  return undefined;
}

function findOpenWhere(open: Tracked[], test: (item: Tracked) => boolean): Tracked | undefined {
  for (let i = open.length - 1; i >= 0; i--) if (test(open[i])) return open[i];
  return undefined;
}

/** The nearest Parallel/Map around `item` that passes `test`. */
function ancestorWhere(item: Tracked | undefined, test: (item: Tracked) => boolean): Tracked | undefined {
  for (let parent = item?.parent; parent; parent = parent.parent) if (test(parent)) return parent;
  return undefined;
}

const isInside = (item: Tracked, container: Tracked): boolean =>
  ancestorWhere(item, (parent) => parent === container) !== undefined;

/**
 * Every entry into a state, in the order they happened: its status, attempts (task invocations
 * scheduled in the visit), retries, the error of each failed attempt and, for a visit waiting
 * to retry, when the retry is due (needs `definition`, the parsed ASL, for the Retry policy).
 * Pages may come in any order (e.g. `reverseOrder`) and overlap: they are merged by event id.
 */
export function summarizeVisits(
  events: readonly HistoryEventLike[],
  definition?: AslDefinitionLike,
  options: AnalyzeOptions = {},
): StateVisit[] {
  return analyze(events, definition, options, false).visits;
}

/** Each event, in id order, with the state it belongs to and (for task events) its 1-based attempt. */
export function annotateEvents(events: readonly HistoryEventLike[]): AnnotatedEvent[] {
  return analyze(events, undefined, {}, true).events;
}

/** Both views from one pass, for callers that show the event table and the summary. */
export function analyzeHistory(
  events: readonly HistoryEventLike[],
  definition?: AslDefinitionLike,
  options: AnalyzeOptions = {},
): { events: AnnotatedEvent[]; visits: StateVisit[] } {
  return analyze(events, definition, options, true);
}
