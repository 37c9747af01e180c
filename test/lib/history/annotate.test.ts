import { describe, expect, it } from 'vitest';
import { analyzeHistory, annotateEvents, summarizeVisits } from '../../../src/lib/history/index.js';
import { loadHistory } from './fixtures.js';

const row = (e: { id?: number; type?: string; state?: string; attempt?: number }) =>
  [e.id, e.type, e.state ?? null, e.attempt ?? null] as const;

describe('annotateEvents', () => {
  it('gives each event its state and each task event its attempt', () => {
    const { events } = loadHistory('engine-transient-retries');
    const annotated = annotateEvents(events);
    expect(annotated).toHaveLength(events.length);
    expect(annotated.slice(0, 2).map(row)).toEqual([
      [1, 'ExecutionStarted', null, null],
      [2, 'TaskStateEntered', 'CreateTask', null],
    ]);
    expect(annotated.filter((e) => e.state === 'CheckTaskStatus').map(row)).toEqual([
      [9, 'TaskStateEntered', 'CheckTaskStatus', null],
      [10, 'LambdaFunctionScheduled', 'CheckTaskStatus', 1],
      [11, 'LambdaFunctionStarted', 'CheckTaskStatus', 1],
      [12, 'LambdaFunctionFailed', 'CheckTaskStatus', 1],
      [13, 'LambdaFunctionScheduled', 'CheckTaskStatus', 2],
      [14, 'LambdaFunctionStarted', 'CheckTaskStatus', 2],
      [15, 'LambdaFunctionFailed', 'CheckTaskStatus', 2],
      [16, 'LambdaFunctionScheduled', 'CheckTaskStatus', 3],
      [17, 'LambdaFunctionStarted', 'CheckTaskStatus', 3],
      [18, 'LambdaFunctionSucceeded', 'CheckTaskStatus', 3],
      [19, 'TaskStateExited', 'CheckTaskStatus', null],
    ]);
    expect(row(annotated[annotated.length - 1])).toEqual([29, 'ExecutionSucceeded', null, null]);
  });

  it('keeps the original fields and does not modify its input', () => {
    const { events } = loadHistory('engine-transient-retries');
    const before = JSON.stringify(events);
    const annotated = annotateEvents(events);
    expect(annotated[11]).toMatchObject({
      lambdaFunctionFailedEventDetails: { error: 'TransientError' },
      timestamp: events[11].timestamp,
    });
    expect(JSON.stringify(events)).toBe(before);
  });

  it('numbers TaskScheduled/TaskStarted/TaskFailed attempts of a lambda:invoke task', () => {
    const { events } = loadHistory('aws-lambda-invoke-retrying');
    expect(
      annotateEvents(events)
        .filter((e) => e.attempt !== undefined)
        .map((e) => `${e.type}#${e.attempt}`),
    ).toEqual([
      'TaskScheduled#1',
      'TaskStarted#1',
      'TaskFailed#1',
      'TaskScheduled#2',
      'TaskStarted#2',
      'TaskFailed#2',
      'TaskScheduled#3',
      'TaskStarted#3',
      'TaskFailed#3',
    ]);
  });

  it('restarts attempts in the visit a redrive opens', () => {
    const annotated = annotateEvents(loadHistory('aws-redriven').events);
    expect(annotated.filter((e) => e.type === 'LambdaFunctionScheduled').map((e) => e.attempt)).toEqual([
      1, 2, 1,
    ]);
    expect(annotated.find((e) => e.type === 'ExecutionRedriven')?.state).toBeUndefined();
  });

  it('attributes interleaved Parallel branch events to their own branch', () => {
    const annotated = annotateEvents(loadHistory('aws-parallel').events);
    expect(annotated.filter((e) => e.id! >= 6 && e.id! <= 13).map(row)).toEqual([
      [6, 'LambdaFunctionScheduled', 'Left', 1],
      [7, 'LambdaFunctionScheduled', 'Right', 1],
      [8, 'LambdaFunctionStarted', 'Left', 1],
      [9, 'LambdaFunctionStarted', 'Right', 1],
      [10, 'LambdaFunctionFailed', 'Left', 1],
      [11, 'LambdaFunctionSucceeded', 'Right', 1],
      [12, 'TaskStateExited', 'Right', null],
      [13, 'LambdaFunctionScheduled', 'Left', 2],
    ]);
    expect(annotated.find((e) => e.type === 'ParallelStateSucceeded')?.state).toBe('FanOut');
  });

  it('analyzeHistory gives the same events and visits as the two functions', () => {
    const { events, definition } = loadHistory('engine-redriven');
    const both = analyzeHistory(events, definition);
    expect(both.events).toEqual(annotateEvents(events));
    expect(both.visits).toEqual(summarizeVisits(events, definition));
  });
});
