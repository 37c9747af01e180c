import { describe, expect, it } from 'vitest';
import { resolvePayloadTemplate } from '../../../src/engine/asl/payload.js';
import { StatesError } from '../../../src/engine/asl/types.js';
import { context } from './fixtures.js';

describe('resolvePayloadTemplate', () => {
  it('resolves the AWS docs Parameters example', () => {
    const template = {
      comment: 'Selecting what I care about.',
      MyDetails: {
        'size.$': '$.product.details.size',
        'exists.$': '$.product.availability',
        StaticValue: 'foo',
      },
    };
    const input = {
      comment: 'Example for Parameters.',
      product: {
        details: { color: 'blue', size: 'small', material: 'cotton' },
        availability: 'in stock',
        sku: '2317',
        cost: '$23',
      },
    };
    expect(resolvePayloadTemplate(template, input, context, 'S')).toEqual({
      comment: 'Selecting what I care about.',
      MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' },
    });
  });

  it('resolves the AWS docs ResultSelector example against the task result', () => {
    const result = {
      resourceType: 'elasticmapreduce',
      resource: 'addStep.sync',
      output: { SdkHttpMetadata: { HttpStatusCode: 200 }, StepId: 's-1' },
    };
    expect(
      resolvePayloadTemplate(
        { 'ClusterId.$': '$.output.StepId', 'ResourceType.$': '$.resourceType' },
        result,
        context,
        'S',
      ),
    ).toEqual({ ClusterId: 's-1', ResourceType: 'elasticmapreduce' });
  });

  it('reads the context object and evaluates intrinsics', () => {
    expect(
      resolvePayloadTemplate(
        { 'token.$': '$$.Execution.Name', 'greeting.$': "States.Format('Hello {}', $.name)" },
        { name: 'Ada' },
        context,
        'S',
      ),
    ).toEqual({ token: 'run-1', greeting: 'Hello Ada' });
  });

  it('recurses into arrays and copies other values unchanged', () => {
    expect(
      resolvePayloadTemplate(
        { list: [{ 'v.$': '$.v' }, 1, 'x', null], n: 2, 'plain.$x': 1 },
        { v: 3 },
        context,
        'S',
      ),
    ).toEqual({ list: [{ v: 3 }, 1, 'x', null], n: 2, 'plain.$x': 1 });
    expect(resolvePayloadTemplate('static', {}, context, 'S')).toBe('static');
  });

  it('keeps array values of paths intact', () => {
    expect(resolvePayloadTemplate({ 'all.$': '$' }, [1, 2], context, 'S')).toEqual({ all: [1, 2] });
  });

  it('fails with States.Runtime naming the field when a path is missing', () => {
    try {
      resolvePayloadTemplate({ 'x.$': '$.missing' }, { a: 1 }, context, 'S');
      expect.fail('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(StatesError);
      expect((e as StatesError).error).toBe('States.Runtime');
      expect((e as StatesError).cause).toContain(
        "The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input",
      );
    }
  });

  it('fails when a .$ field is not a string', () => {
    expect(() => resolvePayloadTemplate({ 'x.$': 5 }, {}, context, 'S')).toThrow(StatesError);
  });
});
