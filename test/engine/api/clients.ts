import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync, strToU8 } from 'fflate';
import { withoutNodeVersionWarning } from '../../../src/lib/sdk/quiet.js';

// The real Lambda and IAM SDK clients pointed at a test engine, and a zip builder for function code.

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function lambdaClient(url: string): LambdaClient {
  return withoutNodeVersionWarning(
    () => new LambdaClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }),
  );
}

export function iamClient(url: string): IAMClient {
  return withoutNodeVersionWarning(
    () => new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }),
  );
}

/** A deployment package: file path → source text. */
export function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, strToU8(text)])));
}

export const FUNCTION_ROLE = 'arn:aws:iam::123456789012:role/taskctl-functions';
