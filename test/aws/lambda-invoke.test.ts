import { describe, expect, it } from 'vitest';
import { lambdaInvokeResult, logTail, LOG_RESULT_MAX_BYTES } from '../../src/aws/lambda-invoke.js';

const response = {
  payload: {},
  contentLength: 2,
  requestId: 'r-1',
  date: 'Thu, 01 Jan 2026 00:00:00 GMT',
  traceId: 't',
};

describe('the lambda:invoke result', () => {
  it('carries the HTTP metadata AWS records, each header once as a value and once as a list', () => {
    const result = lambdaInvokeResult(response) as {
      SdkHttpMetadata: { AllHttpHeaders: Record<string, string[]>; HttpHeaders: Record<string, string> };
    };
    expect(result).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: {},
      SdkResponseMetadata: { RequestId: 'r-1' },
      StatusCode: 200,
    });
    expect(result.SdkHttpMetadata.HttpHeaders['Content-Length']).toBe('2');
    expect(result.SdkHttpMetadata.AllHttpHeaders['x-amzn-RequestId']).toEqual(['r-1']);
    expect(result).not.toHaveProperty('LogResult');
  });

  it('adds LogResult and its header when the log tail was asked for', () => {
    const result = lambdaInvokeResult({ ...response, logResult: 'TE9H' }) as Record<string, unknown>;
    expect(result.LogResult).toBe('TE9H');
    expect(JSON.stringify(result)).toContain('"X-Amz-Log-Result":"TE9H"');
  });

  it('keeps only the last 4 KB of the log', () => {
    const log = 'a'.repeat(10) + 'b'.repeat(LOG_RESULT_MAX_BYTES);
    expect(Buffer.from(logTail(log), 'base64').toString()).toBe('b'.repeat(LOG_RESULT_MAX_BYTES));
  });
});
