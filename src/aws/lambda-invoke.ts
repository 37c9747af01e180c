// The result the `arn:aws:states:::lambda:invoke` integration hands a Task: Lambda's Invoke response
// with the HTTP metadata Step Functions' Java SDK client adds (SdkHttpMetadata, SdkResponseMetadata),
// as AWS-recorded histories show it. `LogResult` (and its header) appears only when the Task's
// parameters ask for `LogType: Tail`.

/** Lambda returns at most the last 4 KB of the invocation's log in `LogResult` (Invoke API reference). */
export const LOG_RESULT_MAX_BYTES = 4096;

export interface LambdaInvokeResponse {
  /** The handler's result, as parsed JSON. */
  payload: unknown;
  /** The byte length of the response body Lambda sent. */
  contentLength: number;
  requestId: string;
  /** The response's Date header (an HTTP date). */
  date: string;
  traceId: string;
  /** Base64 of the log tail, when LogType was Tail. */
  logResult?: string;
}

/** Lambda's `LogResult`: base64 of the log's last 4 KB. */
export function logTail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - LOG_RESULT_MAX_BYTES)).toString('base64');
}

export function lambdaInvokeResult(response: LambdaInvokeResponse): Record<string, unknown> {
  const { logResult } = response;
  const single: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': String(response.contentLength),
    'Content-Type': 'application/json',
    Date: response.date,
    'X-Amz-Executed-Version': '$LATEST',
    ...(logResult !== undefined ? { 'X-Amz-Log-Result': logResult } : {}),
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': response.requestId,
    'X-Amzn-Trace-Id': response.traceId,
  };
  const all = Object.fromEntries(Object.entries(single).map(([name, value]) => [name, [value]]));
  return {
    ExecutedVersion: '$LATEST',
    ...(logResult !== undefined ? { LogResult: logResult } : {}),
    Payload: response.payload,
    SdkHttpMetadata: { AllHttpHeaders: all, HttpHeaders: single, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: response.requestId },
    StatusCode: 200,
  };
}
