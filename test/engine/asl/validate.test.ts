import { describe, expect, it } from 'vitest';
import { SUPPORTED_STATE_TYPES, validateDefinition } from '../../../src/engine/asl/validate.js';

const valid = {
  Comment: 'Create then check a task',
  StartAt: 'CreateTask',
  States: {
    CreateTask: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:create',
      Next: 'Check',
    },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }],
      Default: 'Failed',
    },
    Done: { Type: 'Succeed' },
    Failed: { Type: 'Fail', Error: 'Bad', Cause: 'not ok' },
  },
};

const codes = (def: unknown) => validateDefinition(JSON.stringify(def)).map((d) => `${d.code} ${d.location}`);

describe('validateDefinition', () => {
  it('accepts a valid definition', () => {
    expect(validateDefinition(JSON.stringify(valid, null, 2))).toEqual([]);
  });

  it('accepts Lambda tasks and reports the service integrations the engine cannot call', () => {
    const task = (Resource: string) => ({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource, End: true } },
    });
    expect(codes(task('arn:aws:states:::lambda:invoke'))).toEqual([]);
    expect(codes(task('arn:aws:lambda:eu-west-1:111122223333:function:f:live'))).toEqual([]);
    expect(codes(task('arn:aws:states:::dynamodb:putItem'))).toEqual([
      'UNSUPPORTED_RESOURCE /States/T/Resource',
    ]);
    expect(codes(task('arn:aws:states:us-east-1:123456789012:activity:a'))).toEqual([
      'UNSUPPORTED_RESOURCE /States/T/Resource',
    ]);
  });

  it('reports JSON syntax errors with a line and column', () => {
    const diags = validateDefinition('{\n  "StartAt": "A",\n  }');
    expect(diags).toHaveLength(1);
    expect(diags[0].code).toBe('INVALID_JSON_DESCRIPTION');
    expect(diags[0].location).toBe('line 3, column 3');
  });

  it('reports an empty definition', () => {
    expect(validateDefinition('  ')[0].code).toBe('MISSING_DESCRIPTION');
  });

  it('maps schema errors with their location', () => {
    const def = structuredClone(valid) as Record<string, unknown>;
    (def.States as Record<string, Record<string, unknown>>).CreateTask.OutputPath = 'not-a-path';
    expect(codes(def)).toContain('SCHEMA_VALIDATION_FAILED /States/CreateTask/OutputPath');
    expect(codes({ StartAt: 'A' })).toContain('SCHEMA_VALIDATION_FAILED ');
  });

  it('reports missing transition targets at their location', () => {
    const def = structuredClone(valid);
    def.StartAt = 'Nope';
    def.States.CreateTask.Next = 'Missing';
    def.States.Check.Default = 'Gone';
    def.States.Check.Choices[0].Next = 'Lost';
    expect(codes(def)).toEqual(
      expect.arrayContaining([
        'MISSING_TRANSITION_TARGET /StartAt',
        'MISSING_TRANSITION_TARGET /States/CreateTask/Next',
        'MISSING_TRANSITION_TARGET /States/Check/Default',
        'MISSING_TRANSITION_TARGET /States/Check/Choices/0/Next',
      ]),
    );
  });

  it('checks Catch targets and counts them as transitions', () => {
    const def = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
          End: true,
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
        },
        Recover: { Type: 'Pass', End: true },
      },
    };
    expect(codes(def)).toEqual([]);
    def.States.T.Catch[0].Next = 'Nowhere';
    expect(codes(def)).toEqual(
      expect.arrayContaining([
        'MISSING_TRANSITION_TARGET /States/T/Catch/0/Next',
        'UNREACHABLE_STATE /States/Recover',
      ]),
    );
  });

  it('reports unreachable states', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', End: true }, B: { Type: 'Pass', End: true } } };
    expect(codes(def)).toEqual(['UNREACHABLE_STATE /States/B']);
  });

  it('reports states with both Next and End, or neither', () => {
    const both = {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B', End: true }, B: { Type: 'Succeed' } },
    };
    expect(codes(both)).toContain('TERMINAL_STATE_WITH_NEXT /States/A/Next');
    const neither = { StartAt: 'A', States: { A: { Type: 'Pass' } } };
    expect(codes(neither)).toEqual(['SCHEMA_VALIDATION_FAILED /States/A', 'MISSING_END_STATE /States']);
  });

  it('reports terminal and Choice states with transitions', () => {
    const def = {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'S' }], End: true },
        S: { Type: 'Succeed', Next: 'C' },
      },
    };
    expect(codes(def)).toEqual(
      expect.arrayContaining([
        'SCHEMA_VALIDATION_FAILED /States/C/End',
        'TERMINAL_STATE_WITH_NEXT /States/S/Next',
      ]),
    );
  });

  it('supports Parallel and inline and distributed Map, and reports the distributed fields it cannot run', () => {
    expect(SUPPORTED_STATE_TYPES).toEqual([
      'Task',
      'Pass',
      'Wait',
      'Choice',
      'Succeed',
      'Fail',
      'Parallel',
      'Map',
    ]);
    const processor = (name: string) => ({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } });
    const def = {
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', Branches: [processor('B1'), processor('B2')], Next: 'M' },
        M: {
          Type: 'Map',
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...processor('I') },
          Next: 'L',
        },
        L: { Type: 'Map', Iterator: processor('J'), MaxConcurrency: 2, End: true },
      },
    };
    expect(codes(def)).toEqual([]);
    const distributed = structuredClone(def) as { States: Record<string, Record<string, unknown>> };
    distributed.States.M.ItemProcessor = {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      ...processor('I'),
    };
    distributed.States.M.ToleratedFailureCount = 1;
    distributed.States.M.Label = 'orders';
    expect(codes(distributed)).toEqual([]);
    distributed.States.M.ItemReader = { Resource: 'arn:aws:states:::s3:getObject', Parameters: {} };
    distributed.States.M.ResultWriter = { Resource: 'arn:aws:states:::s3:putObject', Parameters: {} };
    expect(codes(distributed)).toEqual([
      'UNSUPPORTED_STATE_TYPE /States/M/ItemReader',
      'UNSUPPORTED_STATE_TYPE /States/M/ResultWriter',
    ]);
    const inline = structuredClone(def) as { States: Record<string, Record<string, unknown>> };
    inline.States.M.ToleratedFailureCount = 1;
    expect(codes(inline)).toEqual(['SCHEMA_VALIDATION_FAILED /States/M/ToleratedFailureCount']);
  });

  it('checks StartAt and transition targets inside branches and processors, at their location', () => {
    const def = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nope' } } },
            { StartAt: 'Missing', States: { B: { Type: 'Pass', End: true } } },
          ],
        },
        M: {
          Type: 'Map',
          End: true,
          ItemProcessor: {
            StartAt: 'X',
            States: { X: { Type: 'Pass', End: true }, Y: { Type: 'Pass', End: true } },
          },
        },
      },
    };
    expect(codes(def)).toEqual(
      expect.arrayContaining([
        'MISSING_TRANSITION_TARGET /States/P/Branches/0/States/A/Next',
        'MISSING_TRANSITION_TARGET /States/P/Branches/1/StartAt',
        'UNREACHABLE_STATE /States/M/ItemProcessor/States/Y',
        'UNREACHABLE_STATE /States/M',
      ]),
    );
  });

  it('keeps asl-validator checks we do not recompute, located at the state', () => {
    const def = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true } } };
    expect(codes(def)).toContain('WAIT_DURATION /States/W');
  });

  it("checks a Task's timers: positive integers, each in one form, the heartbeat below the timeout", () => {
    const task = (timers: Record<string, unknown>) => ({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...timers } },
    });
    const all = (timers: Record<string, unknown>) => validateDefinition(JSON.stringify(task(timers)));
    expect(all({ TimeoutSeconds: 10, HeartbeatSeconds: 9 })).toEqual([]);
    expect(all({ HeartbeatSecondsPath: '$.h', TimeoutSeconds: 3 })).toEqual([]);
    expect(codes(task({ HeartbeatSeconds: 0 }))).toEqual([
      'SCHEMA_VALIDATION_FAILED /States/T/HeartbeatSeconds',
    ]);
    expect(codes(task({ HeartbeatSeconds: 1.5 }))).toEqual([
      'SCHEMA_VALIDATION_FAILED /States/T/HeartbeatSeconds',
    ]);
    for (const heartbeat of [5, 6]) {
      expect(all({ TimeoutSeconds: 5, HeartbeatSeconds: heartbeat })).toEqual([
        {
          code: 'SCHEMA_VALIDATION_FAILED',
          message: 'HeartbeatSeconds must be smaller than TimeoutSeconds',
          location: '/States/T/HeartbeatSeconds',
        },
      ]);
    }
    expect(all({ HeartbeatSeconds: 5, HeartbeatSecondsPath: '$.h' })).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        message: 'These fields are mutually exclusive: [HeartbeatSeconds, HeartbeatSecondsPath]',
        location: '/States/T',
      },
    ]);
    expect(all({ TimeoutSeconds: 5, TimeoutSecondsPath: '$.t' })).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        message: 'These fields are mutually exclusive: [TimeoutSeconds, TimeoutSecondsPath]',
        location: '/States/T',
      },
    ]);
  });

  it('is deterministic and cached results are not shared', () => {
    const text = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass' } } });
    const first = validateDefinition(text);
    first[0].message = 'mutated';
    expect(validateDefinition(text)).not.toEqual(first);
    expect(validateDefinition(text)).toEqual(validateDefinition(text));
  });
});
