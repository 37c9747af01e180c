import { describe, expect, it } from 'vitest';
import { languageDiagnostics } from '../../../src/engine/asl/validate-language.js';
import { validateDefinition } from '../../../src/engine/asl/validate.js';
import type { JsonObject } from '../../../src/engine/asl/types.js';

// Which fields each query language allows (Developer Guide, "Transforming data with JSONata": a
// JSONata state has Arguments and Output instead of InputPath, Parameters, ResultSelector,
// ResultPath and OutputPath) and the variable names Assign may use ("Passing data between states
// with variables": Unicode identifiers of at most 80 characters; `$states` is reserved).

const machine = (States: JsonObject, QueryLanguage?: string): JsonObject => ({
  ...(QueryLanguage ? { QueryLanguage } : {}),
  StartAt: Object.keys(States)[0],
  States,
});
const locations = (definition: JsonObject) => languageDiagnostics(definition).map((d) => d.location);

describe('query language and variable validation', () => {
  it('refuses JSONPath fields in a JSONata state, and JSONata fields in a JSONPath state', () => {
    expect(
      locations(machine({ A: { Type: 'Pass', InputPath: '$.a', ResultPath: '$.b', End: true } }, 'JSONata')),
    ).toEqual(['/States/A/InputPath', '/States/A/ResultPath']);
    expect(
      locations(machine({ A: { Type: 'Task', Resource: 'x', Arguments: {}, Output: {}, End: true } })),
    ).toEqual(['/States/A/Arguments', '/States/A/Output']);
    expect(
      locations(machine({ A: { Type: 'Pass', QueryLanguage: 'JSONata', Parameters: {}, End: true } })),
    ).toEqual(['/States/A/Parameters']);
  });

  it('refuses a JSONPath state in a JSONata definition, and looks inside branches', () => {
    const definition = machine(
      {
        A: { Type: 'Pass', QueryLanguage: 'JSONPath', Next: 'B' },
        B: {
          Type: 'Parallel',
          Branches: [machine({ C: { Type: 'Pass', OutputPath: '$', End: true } })],
          End: true,
        },
      },
      'JSONata',
    );
    expect(locations(definition)).toEqual(['/States/A', '/States/B/Branches/0/States/C/OutputPath']);
    // AWS's wording, as recorded by ValidateStateMachineDefinition (LocalStack's
    // test_sfn_api_validation snapshot, INVALID_DOWNGRADE_QUERY_LANGUAGE)
    expect(languageDiagnostics(definition)[0].message).toBe(
      "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
    );
  });

  it('checks variable names: identifiers, at most 80 characters, not `states`', () => {
    const assign = { ok_1: 1, 'fromPath.$': '$.a', '1bad': 1, 'has-dash': 2, states: 3, ['x'.repeat(81)]: 4 };
    const found = languageDiagnostics(machine({ A: { Type: 'Pass', Assign: assign, End: true } }));
    expect(found.map((d) => d.location)).toEqual([
      '/States/A/Assign/1bad',
      '/States/A/Assign/has-dash',
      '/States/A/Assign/states',
      `/States/A/Assign/${'x'.repeat(81)}`,
    ]);
    expect(found[2].message).toContain('reserved');
  });

  it('refuses Assign on Succeed and Fail, and a JSONata Choice rule without a Condition', () => {
    const definition = machine(
      {
        C: { Type: 'Choice', Choices: [{ Next: 'S' }], Default: 'F' },
        S: { Type: 'Succeed', Assign: { a: 1 } },
        F: { Type: 'Fail', Assign: { a: 1 } },
      },
      'JSONata',
    );
    expect(locations(definition)).toEqual(['/States/C/Choices/0', '/States/S/Assign', '/States/F/Assign']);
  });

  it('reports the field by name through the definition validator (not as an invalid Type)', () => {
    const found = validateDefinition(
      JSON.stringify(machine({ A: { Type: 'Pass', InputPath: '$.a', End: true } }, 'JSONata')),
    );
    expect(found).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        message: 'The field "InputPath" is not supported for QueryLanguage JSONata',
        location: '/States/A/InputPath',
      },
    ]);
  });

  it('refuses a JSONata Pass with Result (Result is JSONPath only; JSONata states set Output)', () => {
    const pass = { Type: 'Pass', Result: { a: 1 }, End: true };
    expect(validateDefinition(JSON.stringify(machine({ P: pass }, 'JSONata')))).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        message: 'The field "Result" is not supported for QueryLanguage JSONata',
        location: '/States/P/Result',
      },
    ]);
    expect(
      validateDefinition(JSON.stringify(machine({ P: { ...pass, QueryLanguage: 'JSONata' } }))),
    ).toHaveLength(1);
    expect(validateDefinition(JSON.stringify(machine({ P: pass })))).toEqual([]);
  });

  // Recorded on AWS (LocalStack's assign/test_assign_base and outputdecl/test_output snapshots):
  // these definitions ran, so they must validate.
  it('takes any JSON in template arrays and any JSON value as a JSONata Output, as AWS does', () => {
    const lst = [null, 0, 0.1, true, '$.no.such.path', '{% $varname %}', "States.Format('{}', $v)", [], {}];
    const accepted = [
      machine({ A: { Type: 'Pass', Assign: { lst, obj: { lst } }, Parameters: { lst }, End: true } }),
      ...[true, 'string literal', [], [null, '{% $states.input %}', { key: '{% true %}' }], 0.1].map(
        (Output) => machine({ A: { Type: 'Pass', QueryLanguage: 'JSONata', Output, End: true } }),
      ),
      machine(
        {
          C: {
            Type: 'Choice',
            Choices: [{ Condition: '{% true %}', Next: 'P', Output: 'x' }],
            Default: 'P',
            Output: 'y',
          },
          P: { Type: 'Pass', End: true },
        },
        'JSONata',
      ),
    ];
    for (const definition of accepted) expect(validateDefinition(JSON.stringify(definition))).toEqual([]);
    // the schema still holds elsewhere
    expect(
      validateDefinition(
        JSON.stringify(machine({ A: { Type: 'Pass', QueryLanguage: 'JSONata', Assign: 'x', End: true } })),
      ),
    ).not.toEqual([]);
  });
});
