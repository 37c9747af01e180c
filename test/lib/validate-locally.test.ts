import { describe, expect, it } from 'vitest';
import { MAX_DEFINITION_BYTES } from '../../src/aws/limits.js';
import { ServiceError, UsageError } from '../../src/lib/errors.js';
import { isValidationUnavailable, validateLocally } from '../../src/lib/validate-locally.js';

describe('isValidationUnavailable', () => {
  it('takes the names emulators answer for an operation they lack', () => {
    for (const name of ['UnknownOperationException', 'NotImplementedException', 'InvalidAction']) {
      expect(isValidationUnavailable(new ServiceError('x', { name, serviceError: name }))).toBe(true);
    }
  });

  it("takes LocalStack's 501 InternalFailure that says the action is not implemented", () => {
    const error = new ServiceError(
      "InternalFailure: API action 'ValidateStateMachineDefinition' not yet implemented",
      {
        name: 'InternalFailure',
        serviceError: 'InternalFailure',
      },
    );
    expect(isValidationUnavailable(error)).toBe(true);
  });

  it('takes a non-protocol server error (an HTML 500 page), not a non-protocol 404 or 200', () => {
    const protocol = (httpStatus: number) =>
      new ServiceError('did not answer as Step Functions', {
        name: 'ProtocolError',
        details: { httpStatus },
      });
    expect(isValidationUnavailable(protocol(500))).toBe(true);
    expect(isValidationUnavailable(protocol(404))).toBe(false);
    expect(isValidationUnavailable(protocol(200))).toBe(false);
  });

  it('leaves every other error alone', () => {
    expect(isValidationUnavailable(new UsageError('bad'))).toBe(false);
    expect(isValidationUnavailable(new ServiceError('denied', { name: 'AccessDeniedException' }))).toBe(
      false,
    );
    expect(isValidationUnavailable(new Error('NotImplemented'))).toBe(false);
  });
});

describe('validateLocally', () => {
  it('passes a valid definition', () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    expect(validateLocally(JSON.stringify(definition))).toEqual({ ok: true, diagnostics: [] });
  });

  it('reports schema errors located at the field, without the QueryLanguage it injects itself', () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Bogus', End: true } } };
    const { ok, diagnostics } = validateLocally(JSON.stringify(definition));
    expect(ok).toBe(false);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'ERROR', location: '/States/A/Type' })]);
  });

  it('reports a missing transition target', () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } };
    const { diagnostics } = validateLocally(JSON.stringify(definition));
    expect(diagnostics.map((d) => d.code)).toContain('MISSING_TRANSITION_TARGET');
  });

  it("reports the user's own bad QueryLanguage", () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', End: true, QueryLanguage: 'XPath' } } };
    const { diagnostics } = validateLocally(JSON.stringify(definition));
    expect(diagnostics.map((d) => d.location)).toContain('/States/A/QueryLanguage');
  });

  it('reports text that is not JSON, and a definition over the size limit', () => {
    expect(validateLocally('{').diagnostics).toEqual([
      expect.objectContaining({ code: 'INVALID_JSON_DESCRIPTION' }),
    ]);
    const big = JSON.stringify({
      Comment: 'x'.repeat(MAX_DEFINITION_BYTES),
      StartAt: 'A',
      States: { A: { Type: 'Pass', End: true } },
    });
    expect(validateLocally(big).diagnostics.map((d) => d.code)).toContain('DEFINITION_TOO_LARGE');
  });
});
