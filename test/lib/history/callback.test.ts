import { describe, expect, it } from 'vitest';
import {
  annotateEvents,
  summarizeVisits,
  taskTokenOf,
  waitingCallbacks,
  type HistoryEventLike,
} from '../../../src/lib/history/index.js';

// A callback task in a history: the shapes of TaskScheduled/TaskSubmitted/TaskSucceeded as AWS
// records them for `.waitForTaskToken` resources (LocalStack's AWS-recorded snapshots,
// tests/aws/services/stepfunctions/v2/callback/test_callback.snapshot.json): the token appears
// only in TaskScheduled's parameters, where the state's Parameters put $$.Task.Token.

const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAQ-example-token';
const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));

const scheduled = (
  id: number,
  parameters: object,
  resource = 'invoke.waitForTaskToken',
): HistoryEventLike => ({
  id,
  previousEventId: id - 1,
  timestamp: at(id),
  type: 'TaskScheduled',
  taskScheduledEventDetails: {
    resourceType: 'lambda',
    resource,
    region: 'us-east-1',
    parameters: JSON.stringify(parameters),
  },
});

function history(parameters: object, ...rest: HistoryEventLike[]): HistoryEventLike[] {
  return [
    { id: 1, previousEventId: 0, timestamp: at(0), type: 'ExecutionStarted' },
    {
      id: 2,
      previousEventId: 0,
      timestamp: at(1),
      type: 'TaskStateEntered',
      stateEnteredEventDetails: { name: 'Approve' },
    },
    scheduled(3, parameters),
    { id: 4, previousEventId: 3, timestamp: at(4), type: 'TaskStarted', taskStartedEventDetails: {} },
    { id: 5, previousEventId: 4, timestamp: at(5), type: 'TaskSubmitted', taskSubmittedEventDetails: {} },
    ...rest,
  ];
}

const definition = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'Notify', Payload: { 'callback.$': '$$.Task.Token' } },
      End: true,
    },
  },
};

describe('callback tasks in a history', () => {
  it('finds the token where the definition put $$.Task.Token', () => {
    const events = history({ FunctionName: 'Notify', Payload: { callback: TOKEN, other: 'x' } });
    const waiting = waitingCallbacks(summarizeVisits(events, definition));
    expect(waiting).toEqual([{ state: 'Approve', visit: 1, token: TOKEN, since: at(3) }]);
  });

  it('without the definition, finds a field named like a token (TaskToken, taskToken, token)', () => {
    for (const key of ['TaskToken', 'taskToken', 'token']) {
      const events = history({ MessageBody: { [key]: TOKEN } });
      expect(waitingCallbacks(summarizeVisits(events))[0].token).toBe(TOKEN);
    }
    expect(waitingCallbacks(summarizeVisits(history({ Payload: { ref: TOKEN } })))).toEqual([
      { state: 'Approve', visit: 1, since: at(3) },
    ]);
  });

  it('reads a JSONata template ({% $states.context.Task.Token %}) too', () => {
    const state = { Arguments: { Payload: { t: '{% $states.context.Task.Token %}' } } };
    expect(taskTokenOf(scheduled(3, { Payload: { t: TOKEN } }), state)).toBe(TOKEN);
  });

  it('stops waiting when the task succeeds, fails or times out, and when the execution ends', () => {
    const ends: HistoryEventLike[] = [
      { id: 6, previousEventId: 5, timestamp: at(6), type: 'TaskSucceeded', taskSucceededEventDetails: {} },
      {
        id: 6,
        previousEventId: 5,
        timestamp: at(6),
        type: 'TaskFailed',
        taskFailedEventDetails: { error: 'Rejected' },
      },
      {
        id: 6,
        previousEventId: 5,
        timestamp: at(6),
        type: 'TaskTimedOut',
        taskTimedOutEventDetails: { error: 'States.Timeout' },
      },
      {
        id: 6,
        previousEventId: 5,
        timestamp: at(6),
        type: 'ExecutionAborted',
        executionAbortedEventDetails: {},
      },
    ];
    for (const end of ends) {
      expect(waitingCallbacks(summarizeVisits(history({ token: TOKEN }, end))), end.type).toEqual([]);
    }
  });

  it('ignores request-response tasks, and annotates the callback TaskScheduled with its token', () => {
    const plain = history({});
    plain[2] = scheduled(3, { token: TOKEN }, 'invoke');
    expect(waitingCallbacks(summarizeVisits(plain))).toEqual([]);
    const annotated = annotateEvents(history({ token: TOKEN }));
    expect(annotated.map((e) => e.taskToken)).toEqual([undefined, undefined, TOKEN, undefined, undefined]);
  });
});
