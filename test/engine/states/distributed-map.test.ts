import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition, SubMachine } from '../../../src/engine/asl/types.js';
import { detailsOf, runDefinition } from './run-definition.js';

// A Distributed Map over its input's items. The event sequence and links are those AWS recorded
// for `map_state_config_distributed_item_selector` (LocalStack's test_base_scenarios snapshot):
// MapStateStarted, MapRunStarted, MapRunSucceeded, MapStateSucceeded, MapStateExited, and no
// iteration events (ExecutionStarted is written before the run this helper steps; each item is a child execution of the Map Run on AWS).

const distributed = (States: SubMachine['States'], StartAt = Object.keys(States)[0]): SubMachine => ({
  StartAt,
  States,
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
});

function definition(map: Record<string, unknown>, processor: SubMachine): StateMachineDefinition {
  return {
    StartAt: 'MapState',
    States: { MapState: { Type: 'Map', ItemProcessor: processor, End: true, ...map } },
  } as StateMachineDefinition;
}

const failWhenNegative = distributed({
  Check: {
    Type: 'Choice',
    Choices: [{ Variable: '$', NumericLessThan: 0, Next: 'Boom' }],
    Default: 'Done',
  },
  Boom: { Type: 'Fail', Error: 'Negative', Cause: 'below zero' },
  Done: { Type: 'Pass', End: true },
});

describe('Distributed Map', () => {
  it("writes only the Map Run's events and outputs the children's results in item order", () => {
    const def = definition(
      { MaxConcurrency: 1, ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' } },
      distributed({ Inner: { Type: 'Pass', End: true } }),
    );
    const { record, output, events } = runDefinition(def, ['a', 'b', 'c']);
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toEqual([
      { value: 'a', index: 0 },
      { value: 'b', index: 1 },
      { value: 'c', index: 2 },
    ]);
    expect(events.map((e) => [e.id, e.type, e.previousEventId])).toEqual([
      [2, 'MapStateEntered', 0],
      [3, 'MapStateStarted', 2],
      [4, 'MapRunStarted', 3],
      [5, 'MapRunSucceeded', 4],
      [6, 'MapStateSucceeded', 5],
      [7, 'MapStateExited', 5],
      [8, 'ExecutionSucceeded', 7],
    ]);
    expect(detailsOf(events, 'MapStateStarted')).toEqual([{ mapStateStartedEventDetails: { length: 3 } }]);
    const [started] = detailsOf(events, 'MapRunStarted') as {
      mapRunStartedEventDetails: { mapRunArn: string };
    }[];
    expect(started.mapRunStartedEventDetails.mapRunArn).toMatch(
      /^arn:aws:states:[a-z0-9-]+:\d{12}:mapRun:[^/:]+\/[0-9a-f-]{36}:[0-9a-f-]{36}$/,
    );
  });

  it('names the Map Run by its Label', () => {
    const def = definition({ Label: 'orders' }, distributed({ Inner: { Type: 'Pass', End: true } }));
    const { events } = runDefinition(def, [1]);
    const [started] = detailsOf(events, 'MapRunStarted') as {
      mapRunStartedEventDetails: { mapRunArn: string };
    }[];
    expect(started.mapRunStartedEventDetails.mapRunArn).toMatch(/:mapRun:[^/:]+\/orders:[0-9a-f-]{36}$/);
  });

  it('fails with States.ExceedToleratedFailureThreshold when a child fails and nothing is tolerated', () => {
    const { record, events } = runDefinition(definition({}, failWhenNegative), [1, -1, 2]);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(events.map((e) => [e.type, e.previousEventId])).toEqual([
      ['MapStateEntered', 0],
      ['MapStateStarted', 2],
      ['MapRunStarted', 3],
      ['MapRunFailed', 4],
      ['MapStateFailed', 5],
      ['ExecutionFailed', 6],
    ]);
    expect(detailsOf(events, 'MapRunFailed')[0]).toEqual({
      mapRunFailedEventDetails: {
        error: 'States.ExceedToleratedFailureThreshold',
        cause: 'The specified tolerance threshold was exceeded',
      },
    });
  });

  it('tolerates failed children up to ToleratedFailureCount (and its Path form)', () => {
    const ok = runDefinition(definition({ ToleratedFailureCount: 1 }, failWhenNegative), [1, -1, 2]);
    expect(ok.record.status).toBe('SUCCEEDED');
    expect(ok.output).toEqual([1, null, 2]);
    const tooMany = runDefinition(
      definition({ ToleratedFailureCountPath: '$.n', ItemsPath: '$.items' }, failWhenNegative),
      { n: 1, items: [-1, -2, 3] },
    );
    expect(tooMany.record.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('tolerates failed children up to ToleratedFailurePercentage', () => {
    const def = definition({ ToleratedFailurePercentage: 50 }, failWhenNegative);
    expect(runDefinition(def, [1, -1]).record.status).toBe('SUCCEEDED');
    expect(runDefinition(def, [1, -1, -2]).record.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('is caught by a Catch on the Map state', () => {
    const def = definition(
      {
        Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], Next: 'Caught' }],
        End: undefined,
        Next: 'Done',
      },
      failWhenNegative,
    );
    def.States.Caught = { Type: 'Pass', End: true };
    def.States.Done = { Type: 'Succeed' };
    const { record, output } = runDefinition(def, [-1]);
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toEqual({
      Error: 'States.ExceedToleratedFailureThreshold',
      Cause: 'The specified tolerance threshold was exceeded',
    });
  });
});
