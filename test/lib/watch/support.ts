import type { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctions } from '../../../src/lib/sdk/clients.js';
import type { EndpointTarget } from '../../../src/lib/target.js';
import { sfnClient } from '../../support/sdk.js';

/** The real SDK wrapper on a test engine, with a count of the requests it sends. */
export function countingService(url: string): { service: StepFunctions; sdk: SFNClient; calls: string[] } {
  const sdk = sfnClient(url);
  const calls: string[] = [];
  sdk.middlewareStack.add(
    (next, context) => (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  const target: EndpointTarget = {
    kind: 'endpoint',
    url,
    logsUrl: url,
    region: 'us-east-1',
    credentials: 'dummy',
    source: 'test',
  };
  return { service: new StepFunctions(target, sdk, {}), sdk, calls };
}
