import { StatesErrors } from '../../aws/errors.js';
import { MAX_HISTORY_EVENTS, MAX_PAYLOAD_BYTES } from '../../aws/limits.js';
import {
  StatesError,
  type Json,
  type State,
  type StateMachineDefinition,
  type SubMachine,
} from '../asl/types.js';
import { enterChoice } from '../states/choice.js';
import {
  abortCursor,
  enterContainer,
  frameItem,
  frameMachine,
  stepContainer,
  visitFrame,
  type ContainerState,
} from '../states/container.js';
import type { ContainerCursor, Cursor, Frame } from '../states/cursor.js';
import type { FrameItem, Outcome } from '../states/env.js';
import { enterFail } from '../states/fail.js';
import { dataLimitCause } from '../states/outcome.js';
import { enterPass } from '../states/pass.js';
import { enterSucceed } from '../states/succeed.js';
import {
  callbackExpired,
  completeCallback,
  completeTask,
  enterTask,
  expireCallback,
  heartbeatCallback,
  repeatInFlightAttempt,
  resumeTask,
  type CallbackResult,
  type TaskResult,
} from '../states/task.js';
import { enterWait, resumeWait } from '../states/wait.js';
import { FrameEnv, type EnvOptions, type FrameRunner } from './frame-env.js';
import type { ExecutionRun } from './run.js';

export type InterpreterOptions = EnvOptions;

const json = (value: Json) => JSON.stringify(value);

/**
 * A sequence of states with one cursor: the execution itself (the root lane), or a
 * Parallel branch / Map iteration (a frame). Lanes differ only in where the cursor lives
 * and in what ending means.
 */
interface Lane {
  states: Record<string, State>;
  /** Where the lane's cursor and wake-up time live: the execution record, or the frame. */
  position: { cursor: Cursor | null; readyAt: number | null };
  succeed(output: Json): void;
  fail(error: string, cause: string): void;
}

function rootLane(env: FrameEnv): Lane {
  const run = env.run;
  return {
    states: run.definition.States,
    position: run.record,
    succeed(output) {
      const text = json(output);
      env.emit('ExecutionSucceeded', {
        executionSucceededEventDetails: { output: text, outputDetails: { truncated: false } },
      });
      finish(run, 'SUCCEEDED', { output: text });
    },
    fail(error, cause) {
      // AWS omits an error or cause there is none of (a missed heartbeat has no cause).
      const details = { ...(error ? { error } : {}), ...(cause ? { cause } : {}) };
      env.emit('ExecutionFailed', { executionFailedEventDetails: details });
      finish(run, 'FAILED', details);
    },
  };
}

/** A branch or iteration; `env` is the frame's own environment. */
function frameLane(env: FrameEnv, frame: Frame, machine: SubMachine, item: FrameItem | undefined): Lane {
  // A Map iteration's end is an event of its own; a Parallel branch's is not. AWS links what
  // follows an iteration (the next MapIterationStarted, MapStateSucceeded/Failed) to the
  // iteration's last state event, not to this one: the frame's last event stays that one.
  const iterationEnded = (outcome: 'Succeeded' | 'Failed') => {
    if (item) {
      const details = { name: item.name, index: item.index };
      const last = frame.prev;
      env.emit(`MapIteration${outcome}`, { [`mapIteration${outcome}EventDetails`]: details });
      frame.prev = last;
    }
  };
  return {
    states: machine.States,
    position: frame,
    succeed(output) {
      frame.status = 'SUCCEEDED';
      frame.output = output;
      frame.readyAt = null;
      frame.cursor = null;
      iterationEnded('Succeeded');
    },
    fail(error, cause) {
      // The cursor stays where the frame failed: a redrive resumes it there.
      frame.status = 'FAILED';
      frame.error = error;
      frame.cause = cause;
      frame.readyAt = null;
      iterationEnded('Failed');
    },
  };
}

function enterState(env: FrameEnv, lane: Lane, name: string, input: Json): Outcome {
  const state: State | undefined = lane.states[name];
  if (!state) return { kind: 'fail', error: StatesErrors.Runtime, cause: `State '${name}' does not exist` };
  const previousEventId = env.enteredLink();
  const id = env.emit(
    `${state.Type}StateEntered`,
    { stateEnteredEventDetails: { name, input: json(input), inputDetails: { truncated: false } } },
    previousEventId,
  );
  env.stateEntered = { id, previousEventId };
  env.run.transitions += 1;
  return guard(() => {
    switch (state.Type) {
      case 'Pass':
        return enterPass(state, name, input, env);
      case 'Choice':
        return enterChoice(state, name, input, env);
      case 'Wait':
        return enterWait(state, name, input, env);
      case 'Task':
        return enterTask(state, name, input, env);
      case 'Succeed':
        return enterSucceed(state, name, input, env);
      case 'Fail':
        return enterFail(state, name, input, env);
      case 'Parallel':
      case 'Map':
        return enterContainer(state, name, input, env);
    }
  });
}

function finish(
  run: ExecutionRun,
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED',
  fields: { output?: string; error?: string; cause?: string },
) {
  const record = run.record;
  record.status = status;
  record.output = fields.output ?? null;
  record.error = fields.error ?? null;
  record.cause = fields.cause ?? null;
  record.stopDate = run.now;
  record.readyAt = null;
  record.deadline = null;
}

/** Applies outcomes in a lane, entering following states, until the lane suspends or ends. */
function continueWith(env: FrameEnv, lane: Lane, stateName: string, first: Outcome): void {
  let name = stateName;
  let outcome = first;
  for (;;) {
    const state = lane.states[name];
    switch (outcome.kind) {
      case 'suspend':
        // The cursor keeps the state's Entered event, for the causes of failures in later steps.
        outcome.cursor.entered ??= env.stateEntered;
        lane.position.cursor = outcome.cursor;
        lane.position.readyAt = outcome.readyAt;
        return;
      case 'fail':
        lane.fail(outcome.error, outcome.cause);
        return;
      case 'end':
      case 'next': {
        const output = json(outcome.output);
        // AWS's payload quota; without it a state that grows its data could exhaust memory.
        if (Buffer.byteLength(output, 'utf8') > MAX_PAYLOAD_BYTES) {
          lane.fail(StatesErrors.DataLimitExceeded, dataLimitCause(name));
          return;
        }
        const assigned = outcome.assigned;
        if (assigned && Object.keys(assigned).length > 0) {
          try {
            env.assign(name, assigned);
          } catch (e) {
            if (!(e instanceof StatesError)) throw e;
            lane.fail(e.error, e.cause);
            return;
          }
        }
        env.emit(
          `${state.Type}StateExited`,
          {
            stateExitedEventDetails: {
              name,
              output,
              outputDetails: { truncated: false },
              ...assignedVariablesDetails(assigned),
            },
          },
          outcome.exitLink,
        );
        if (outcome.kind === 'end') {
          lane.succeed(outcome.output);
          return;
        }
        if (env.outOfTransitions()) {
          lane.position.cursor = { at: 'state', state: outcome.next, input: outcome.output };
          lane.position.readyAt = env.now;
          return;
        }
        name = outcome.next;
        // Track the state being run: if it fails the execution, a redrive restarts here.
        lane.position.cursor = { at: 'state', state: name, input: outcome.output };
        outcome = enterState(env, lane, name, outcome.output);
      }
    }
  }
}

/** What StateExited records of an Assign: each variable's value as JSON text (HistoryEvent reference). */
function assignedVariablesDetails(assigned: Record<string, Json> | undefined) {
  if (!assigned || Object.keys(assigned).length === 0) return {};
  const assignedVariables = Object.fromEntries(
    Object.entries(assigned).map(([name, value]) => [name, json(value)]),
  );
  return { assignedVariables, assignedVariablesDetails: { truncated: false } };
}

function guard(step: () => Outcome): Outcome {
  try {
    return step();
  } catch (e) {
    if (e instanceof StatesError) return { kind: 'fail', error: e.error, cause: e.cause };
    throw e;
  }
}

const isContainer = (cursor: Cursor | null): cursor is ContainerCursor =>
  cursor?.at === 'parallel' || cursor?.at === 'map';

export class Interpreter {
  constructor(private readonly options: InterpreterOptions) {}

  /** Steps a branch or iteration a Parallel/Map runs, in the frame environment it opened. */
  private readonly runFrame: FrameRunner = (env, frame, machine, item) =>
    this.stepLane(env, frameLane(env, frame, machine, item));

  /** The execution's own environment (the root frame); its branches and iterations run through this interpreter. */
  envFor(run: ExecutionRun): FrameEnv {
    return new FrameEnv(run, this.options, this.runFrame);
  }

  /** Steps a lane whose readyAt has come: enters or resumes its cursor. */
  private stepLane(env: FrameEnv, lane: Lane): void {
    const cursor = lane.position.cursor;
    if (!cursor) return;
    if (cursor.at === 'state') {
      continueWith(env, lane, cursor.state, enterState(env, lane, cursor.state, cursor.input));
      return;
    }
    const state = lane.states[cursor.state];
    env.stateEntered = cursor.entered;
    let outcome: Outcome | undefined;
    if (cursor.at === 'wait' && state.Type === 'Wait') {
      // OutputPath is first applied here (a wait that did not finish at once), so it can fail.
      outcome = guard(() => resumeWait(state, cursor, env));
    } else if (cursor.at === 'task' && state.Type === 'Task' && !cursor.inFlight) {
      outcome = guard(() => resumeTask(state, cursor, env));
    } else if (cursor.at === 'task' && state.Type === 'Task' && cursor.callback) {
      outcome = guard(() => expireCallback(state, cursor, env));
    } else if (isContainer(cursor) && (state.Type === 'Parallel' || state.Type === 'Map')) {
      outcome = guard(() => stepContainer(state, cursor, env));
    }
    if (outcome) continueWith(env, lane, cursor.state, outcome);
    else lane.position.readyAt = null; // waiting for an invocation result; nothing to do until it arrives
  }

  /** Steps a running execution whose readyAt or deadline has come. */
  advance(run: ExecutionRun): void {
    const record = run.record;
    if (record.deadline !== null && record.deadline <= run.now) {
      this.timeOut(run);
      return;
    }
    const env = this.envFor(run);
    this.stepLane(env, rootLane(env));
  }

  /**
   * Takes `leaf` down `path` to the lane it names, then lets every Parallel/Map on the way
   * back up settle. Nothing happens if the path no longer leads anywhere (a stale result).
   */
  private visit(env: FrameEnv, lane: Lane, path: number[], leaf: (lane: Lane, env: FrameEnv) => void): void {
    const cursor = lane.position.cursor;
    if (path.length === 0) {
      leaf(lane, env);
      return;
    }
    if (!isContainer(cursor)) return;
    const state = lane.states[cursor.state] as ContainerState;
    env.stateEntered = cursor.entered;
    const [index, ...rest] = path;
    const outcome = visitFrame(state, cursor, env, index, (frame, machine, item) => {
      const frameEnv = env.frame(frame, index, item);
      this.visit(frameEnv, frameLane(frameEnv, frame, machine, item), rest, leaf);
    });
    if (outcome) continueWith(env, lane, cursor.state, outcome);
  }

  /** An invocation finished. Stale results (stopped execution, older attempt, abandoned branch) are ignored. */
  complete(run: ExecutionRun, path: number[], invocation: number, result: TaskResult): void {
    if (run.record.status !== 'RUNNING') return;
    const root = this.envFor(run);
    this.visit(root, rootLane(root), path, (lane, env) => {
      const cursor = lane.position.cursor;
      if (cursor?.at !== 'task' || !cursor.inFlight || cursor.invocation !== invocation) return;
      const state = lane.states[cursor.state];
      if (state.Type !== 'Task') return;
      env.stateEntered = cursor.entered;
      continueWith(
        env,
        lane,
        cursor.state,
        guard(() => completeTask(state, cursor, result, env)),
      );
    });
  }

  /**
   * SendTaskSuccess, SendTaskFailure or SendTaskHeartbeat for the callback attempt `invocation`
   * at `path`, holding `token`. 'gone' when that attempt no longer waits (it completed, the
   * execution stopped, a sibling branch failed); 'timedOut' when its deadline has passed, in
   * which case the timeout is written now, as the scheduler would have.
   */
  callback(
    run: ExecutionRun,
    path: number[],
    invocation: number,
    token: string,
    action: CallbackResult | { kind: 'heartbeat' },
  ): 'done' | 'gone' | 'timedOut' {
    if (run.record.status !== 'RUNNING') return 'gone';
    let answer: 'done' | 'gone' | 'timedOut' = 'gone';
    const root = this.envFor(run);
    this.visit(root, rootLane(root), path, (lane, env) => {
      const cursor = lane.position.cursor;
      if (cursor?.at !== 'task' || !cursor.inFlight || cursor.invocation !== invocation) return;
      const state = lane.states[cursor.state];
      if (state.Type !== 'Task' || cursor.callback?.token !== token) return;
      let outcome: Outcome;
      if (callbackExpired(cursor, env.now)) {
        answer = 'timedOut';
        outcome = guard(() => expireCallback(state, cursor, env));
      } else {
        answer = 'done';
        outcome =
          action.kind === 'heartbeat'
            ? heartbeatCallback(cursor, env)
            : guard(() => completeCallback(state, cursor, action, env));
      }
      continueWith(env, lane, cursor.state, outcome);
    });
    return answer;
  }

  /** Queues the invocations of every attempt that was in flight when the engine stopped. */
  repeatInFlight(run: ExecutionRun): void {
    this.eachLane(run, (lane, env) => {
      const cursor = lane.position.cursor;
      if (cursor?.at !== 'task' || !cursor.inFlight) return;
      const state = lane.states[cursor.state];
      if (state.Type !== 'Task') return;
      env.stateEntered = cursor.entered;
      try {
        repeatInFlightAttempt(state, cursor, env);
      } catch (e) {
        // The attempt was valid when first scheduled; it cannot newly fail to resolve.
        if (!(e instanceof StatesError)) throw e;
      }
    });
  }

  /** Calls `body` for the root lane and every running frame below it, innermost last. */
  private eachLane(run: ExecutionRun, body: (lane: Lane, env: FrameEnv) => void): void {
    const walk = (lane: Lane, env: FrameEnv) => {
      body(lane, env);
      const cursor = lane.position.cursor;
      if (!isContainer(cursor) || !cursor.frames) return;
      const state = lane.states[cursor.state] as ContainerState;
      cursor.frames.forEach((frame, index) => {
        if (frame.status !== 'RUNNING') return;
        const item = frameItem(state, cursor, index);
        const frameEnv = env.frame(frame, index, item);
        walk(frameLane(frameEnv, frame, frameMachine(state, index), item), frameEnv);
      });
    };
    const root = this.envFor(run);
    walk(rootLane(root), root);
  }

  timeOut(run: ExecutionRun): void {
    const cause = 'The execution timed out.';
    run.emit('ExecutionTimedOut', { executionTimedOutEventDetails: { error: StatesErrors.Timeout, cause } });
    // DescribeExecution of an execution that timed out has neither error nor cause on AWS.
    finish(run, 'TIMED_OUT', {});
  }

  /** The step ran into the history limit (see ExecutionRun.historyFull): fail as AWS does. */
  historyLimitReached(run: ExecutionRun): void {
    const error = StatesErrors.Runtime;
    const cause = `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).`;
    run.historyFull = false;
    run.invocations.length = 0; // scheduled past the limit, or for an execution that is over
    run.emit('ExecutionFailed', { executionFailedEventDetails: { error, cause } });
    finish(run, 'FAILED', { error, cause });
  }

  abort(run: ExecutionRun, error?: string, cause?: string): void {
    // Inside a Parallel or Map, the states still running are aborted with it.
    const cursor = run.record.cursor;
    if (isContainer(cursor)) abortCursor(this.envFor(run), run.definition.States, cursor);
    run.emit('ExecutionAborted', {
      executionAbortedEventDetails: { ...(error ? { error } : {}), ...(cause ? { cause } : {}) },
    });
    finish(run, 'ABORTED', { error, cause });
  }
}

const parsedDefinitions = new Map<string, StateMachineDefinition>();

/** Definitions are immutable per execution; parse each distinct text once. */
export function parseDefinition(text: string): StateMachineDefinition {
  let definition = parsedDefinitions.get(text);
  if (!definition) {
    definition = JSON.parse(text) as StateMachineDefinition;
    if (parsedDefinitions.size > 100) parsedDefinitions.clear();
    parsedDefinitions.set(text, definition);
  }
  return definition;
}
