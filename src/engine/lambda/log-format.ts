// Lambda's log lines, as the Node.js runtime and the Lambda service write them to CloudWatch Logs.
import { randomBytes } from 'node:crypto';

export const logGroupNameFor = (functionName: string) => `/aws/lambda/${functionName}`;

/** `YYYY/MM/DD/[$LATEST]<32 hex>`: one stream per execution environment (worker). */
export function newLogStreamName(now: number, version = '$LATEST'): string {
  const d = new Date(now);
  const date = [
    d.getUTCFullYear(),
    String(d.getUTCMonth() + 1).padStart(2, '0'),
    String(d.getUTCDate()).padStart(2, '0'),
  ].join('/');
  return `${date}/[${version}]${randomBytes(16).toString('hex')}`;
}

export const startLine = (requestId: string, version = '$LATEST') =>
  `START RequestId: ${requestId} Version: ${version}`;

export const endLine = (requestId: string) => `END RequestId: ${requestId}`;

export function reportLine(
  requestId: string,
  durationMs: number,
  maxMemoryUsedMb: number,
  initDurationMs?: number,
  memorySizeMb = 128,
): string {
  const parts = [
    `REPORT RequestId: ${requestId}`,
    `Duration: ${durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(durationMs))} ms`,
    `Memory Size: ${memorySizeMb} MB`,
    `Max Memory Used: ${maxMemoryUsedMb} MB`,
  ];
  if (initDurationMs !== undefined) parts.push(`Init Duration: ${initDurationMs.toFixed(2)} ms`);
  return parts.join('\t') + '\t';
}

/** A console line: `<ISO time>\t<requestId>\t<LEVEL>\t<message>` (requestId is "undefined" during init). */
export const consoleLine = (now: number, requestId: string | null, level: string, message: string) =>
  `${new Date(now).toISOString()}\t${requestId ?? 'undefined'}\t${level}\t${message}`;

export const timeoutLine = (now: number, requestId: string, timeoutMs: number) =>
  `${new Date(now).toISOString()} ${requestId} Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`;
