import { StatesError, type Json, type State, type StateMachineDefinition } from '../asl/types.js';
import { enterChoice } from '../states/choice.js';
import { enterFail } from '../states/fail.js';
import type { Outcome, StateEnv } from '../states/outcome.js';
import { enterPass } from '../states/pass.js';
import { enterSucceed } from '../states/succeed.js';
import {
  completeTask,
  enterTask,
  repeatInFlightAttempt,
  resumeTask,
  type TaskResult,
} from '../states/task.js';
import { enterWait, resumeWait } from '../states/wait.js';
import type { ExecutionRun } from './run.js';

/** Synchronous states chained in one step before yielding, so a Pass/Choice loop cannot starve others. */
const MAX_TRANSITIONS_PER_STEP = 250;

export interface InterpreterOptions {
  speed: number;
  defaultTaskTimeoutMs: number;
}

const json = (value: Json) => JSON.stringify(value);

function enterState(run: ExecutionRun, env: StateEnv, name: string, input: Json): Outcome {
  const state: State | undefined = run.definition.States[name];
  if (!state) return { kind: 'fail', error: 'States.Runtime', cause: `State '${name}' does not exist` };
  // AWS links the first state entered to event 0, every later one to the event before it.
  const previous = run.record.lastEventId === 1 && run.record.redriveCount === 0 ? 0 : run.record.lastEventId;
  run.emit(
    `${state.Type}StateEntered`,
    { stateEnteredEventDetails: { name, input: json(input), inputDetails: { truncated: false } } },
    previous,
  );
  run.transitions += 1;
  try {
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
    }
  } catch (e) {
    if (e instanceof StatesError) return { kind: 'fail', error: e.error, cause: e.cause };
    throw e;
  }
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

/** Applies outcomes, entering following states, until the execution suspends or ends. */
function continueWith(run: ExecutionRun, env: StateEnv, stateName: string, first: Outcome): void {
  let name = stateName;
  let outcome = first;
  for (;;) {
    const state = run.definition.States[name];
    switch (outcome.kind) {
      case 'suspend':
        run.record.cursor = outcome.cursor;
        run.record.readyAt = outcome.readyAt;
        return;
      case 'fail': {
        const { error, cause } = outcome;
        run.emit('ExecutionFailed', { executionFailedEventDetails: { error, cause } });
        finish(run, 'FAILED', { error, cause });
        return;
      }
      case 'end':
      case 'next': {
        const output = json(outcome.output);
        run.emit(`${state.Type}StateExited`, {
          stateExitedEventDetails: { name, output, outputDetails: { truncated: false } },
        });
        if (outcome.kind === 'end') {
          run.emit('ExecutionSucceeded', {
            executionSucceededEventDetails: { output, outputDetails: { truncated: false } },
          });
          finish(run, 'SUCCEEDED', { output });
          return;
        }
        if (run.transitions >= MAX_TRANSITIONS_PER_STEP) {
          run.record.cursor = { at: 'state', state: outcome.next, input: outcome.output };
          run.record.readyAt = run.now;
          return;
        }
        name = outcome.next;
        // Track the state being run: if it fails the execution, a redrive restarts here.
        run.record.cursor = { at: 'state', state: name, input: outcome.output };
        outcome = enterState(run, env, name, outcome.output);
      }
    }
  }
}

export class Interpreter {
  constructor(private readonly options: InterpreterOptions) {}

  private env(run: ExecutionRun): StateEnv {
    return { run, speed: this.options.speed, defaultTaskTimeoutMs: this.options.defaultTaskTimeoutMs };
  }

  /** Steps a running execution whose readyAt or deadline has come. */
  advance(run: ExecutionRun): void {
    const record = run.record;
    if (record.deadline !== null && record.deadline <= run.now) {
      this.timeOut(run);
      return;
    }
    const cursor = record.cursor;
    if (!cursor) return;
    const env = this.env(run);
    if (cursor.at === 'state') {
      continueWith(run, env, cursor.state, enterState(run, env, cursor.state, cursor.input));
      return;
    }
    const state = run.definition.States[cursor.state];
    if (cursor.at === 'wait' && state.Type === 'Wait') {
      continueWith(run, env, cursor.state, resumeWait(state, cursor, env));
    } else if (cursor.at === 'task' && state.Type === 'Task' && !cursor.inFlight) {
      continueWith(
        run,
        env,
        cursor.state,
        this.guard(() => resumeTask(state, cursor, env)),
      );
    } else {
      record.readyAt = null; // waiting for an invocation result; nothing to do until it arrives
    }
  }

  /** An invocation finished. Stale results (aborted execution, older attempt) are ignored. */
  complete(run: ExecutionRun, invocation: number, result: TaskResult): void {
    const cursor = run.record.cursor;
    if (
      run.record.status !== 'RUNNING' ||
      cursor?.at !== 'task' ||
      !cursor.inFlight ||
      cursor.invocation !== invocation
    ) {
      return;
    }
    const state = run.definition.States[cursor.state];
    if (state.Type !== 'Task') return;
    const env = this.env(run);
    continueWith(
      run,
      env,
      cursor.state,
      this.guard(() => completeTask(state, cursor, result, env)),
    );
  }

  /** Queues the invocation of an attempt that was in flight when the engine stopped. */
  repeatInFlight(run: ExecutionRun): void {
    const cursor = run.record.cursor;
    if (cursor?.at !== 'task' || !cursor.inFlight) return;
    const state = run.definition.States[cursor.state];
    if (state.Type !== 'Task') return;
    try {
      repeatInFlightAttempt(state, cursor, this.env(run));
    } catch (e) {
      // The attempt was valid when first scheduled; it cannot newly fail to resolve.
      if (!(e instanceof StatesError)) throw e;
    }
  }

  timeOut(run: ExecutionRun): void {
    const cause = 'The execution timed out.';
    run.emit('ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout', cause } });
    finish(run, 'TIMED_OUT', { error: 'States.Timeout', cause });
  }

  abort(run: ExecutionRun, error?: string, cause?: string): void {
    run.emit('ExecutionAborted', {
      executionAbortedEventDetails: { ...(error ? { error } : {}), ...(cause ? { cause } : {}) },
    });
    finish(run, 'ABORTED', { error, cause });
  }

  private guard(step: () => Outcome): Outcome {
    try {
      return step();
    } catch (e) {
      if (e instanceof StatesError) return { kind: 'fail', error: e.error, cause: e.cause };
      throw e;
    }
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
