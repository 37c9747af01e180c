import type { ContextObject } from '../../../src/engine/asl/types.js';

export const context: ContextObject = {
  Execution: {
    Id: 'arn:aws:states:us-east-1:123456789012:execution:sm:run-1',
    Input: { greeting: 'hi' },
    Name: 'run-1',
    RoleArn: 'arn:aws:iam::123456789012:role/sfn',
    StartTime: '2024-01-01T00:00:00.000Z',
    RedriveCount: 0,
  },
  State: { EnteredTime: '2024-01-01T00:00:01.000Z', Name: 'Step', RetryCount: 2 },
  StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm', Name: 'sm' },
};
