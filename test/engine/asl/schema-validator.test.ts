import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { validateAslSchema } from '../../../src/engine/asl/schema-validator.js';

// The once-compiled schemas must answer exactly what asl-validator answers when it compiles them
// afresh, call after call, for valid and invalid definitions alike.

const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  errors: unknown[];
};

const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:create';
const definitions: Record<string, object> = {
  valid: {
    StartAt: 'T',
    States: { T: { Type: 'Task', Resource: lambda, Next: 'P' }, P: { Type: 'Pass', End: true } },
  },
  'a bad path': { StartAt: 'P', States: { P: { Type: 'Pass', OutputPath: 'x..y', End: true } } },
  'bad JSONata': {
    QueryLanguage: 'JSONata',
    StartAt: 'P',
    States: { P: { Type: 'Pass', Output: '{% $x + %}', End: true } },
  },
  'a bad ARN': { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:nope', End: true } } },
};

describe('validateAslSchema', () => {
  it('answers as a fresh asl-validator does, on every call', () => {
    const fresh = Object.entries(definitions).map(([name, definition]) => [
      name,
      aslValidator(structuredClone(definition)).errors,
    ]);
    expect(fresh.filter(([, errors]) => (errors as unknown[]).length > 0)).toHaveLength(3);
    for (let round = 0; round < 2; round++) {
      const shared = Object.entries(definitions).map(([name, definition]) => [
        name,
        validateAslSchema(structuredClone(definition)),
      ]);
      expect(shared).toEqual(fresh);
    }
  });

  it('leaves asl-validator itself as it was', () => {
    validateAslSchema(structuredClone(definitions.valid));
    const ajv = createRequire(createRequire(import.meta.url).resolve('asl-validator'))('ajv') as {
      default: unknown;
      Ajv: unknown;
    };
    expect(ajv.default).toBe(ajv.Ajv);
  });
});
