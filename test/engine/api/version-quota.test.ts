import { describe, expect, it } from 'vitest';
import { MAX_VERSIONS_PER_STATE_MACHINE } from '../../../src/aws/limits.js';
import type { SfnContext } from '../../../src/engine/api/context.js';
import { ApiError } from '../../../src/engine/api/errors.js';
import { stateMachineOperations } from '../../../src/engine/api/state-machine-operations.js';
import { versionOperations } from '../../../src/engine/api/version-operations.js';
import { OffsetClock } from '../../../src/engine/runtime/clock.js';
import { openDatabase } from '../../../src/engine/store/db.js';
import { StateMachineStore } from '../../../src/engine/store/state-machines.js';

// The 1000-version quota, on the operations themselves over an in-memory store: publishing a
// thousand versions over HTTP would take seconds (versions.test.ts covers the HTTP side).

const ROLE = 'arn:aws:iam::123456789012:role/r';
const says = (text: string) =>
  JSON.stringify({ StartAt: 'S', States: { S: { Type: 'Pass', Result: text, End: true } } });

function operations() {
  const db = openDatabase(':memory:');
  const machines = new StateMachineStore(db);
  // Only what the state machine and version operations read; running executions is not involved.
  const ctx = {
    db,
    account: { region: 'us-east-1', accountId: '123456789012' },
    clock: new OffsetClock(),
    speed: 1,
    machines,
    roles: { assertAssumable: () => undefined },
  } as unknown as SfnContext;
  return { db, machines, ops: { ...stateMachineOperations(ctx), ...versionOperations(ctx) } };
}

const refusal = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('the call was not refused');
};

describe('the version quota', () => {
  it(`publishes at most ${MAX_VERSIONS_PER_STATE_MACHINE} versions of a state machine`, () => {
    const { db, machines, ops } = operations();
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:quota';
    machines.insert({
      arn,
      name: 'quota',
      definition: says('0'),
      roleArn: ROLE,
      type: 'STANDARD',
      description: null,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      revisionId: 'r0',
      creationDate: 0,
      updateDate: 0,
    });
    db.transaction(() => {
      for (let i = 1; i <= MAX_VERSIONS_PER_STATE_MACHINE; i++)
        machines.publishVersion({ ...machines.get(arn)!, revisionId: `r${i}` }, null, i);
    })();

    const publish = refusal(() => ops.PublishStateMachineVersion({ stateMachineArn: arn }));
    expect(publish).toBeInstanceOf(ApiError);
    expect(publish).toMatchObject({ type: 'ServiceQuotaExceededException', statusCode: 402 });

    // Refused inside UpdateStateMachine's transaction: the state machine is not changed either.
    const update = refusal(() =>
      ops.UpdateStateMachine({ stateMachineArn: arn, definition: says('new'), publish: true }),
    );
    expect(update).toMatchObject({ type: 'ServiceQuotaExceededException' });
    expect(machines.get(arn)!.definition).toBe(says('0'));

    // A deleted version frees a place; the number after the highest ever published is next.
    ops.DeleteStateMachineVersion({ stateMachineVersionArn: `${arn}:1` });
    expect(ops.PublishStateMachineVersion({ stateMachineArn: arn })).toMatchObject({
      stateMachineVersionArn: `${arn}:${MAX_VERSIONS_PER_STATE_MACHINE + 1}`,
    });
    db.close();
  });
});
