import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/store/db.js';
import { StateMachineStore, type StateMachineRecord } from '../../../src/engine/store/state-machines.js';

// StateMachineStore.get keeps the rows it read; what it returns must still follow every write,
// including one rolled back with its transaction.

const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const machine = (definition: string): StateMachineRecord => ({
  arn,
  name: 'orders',
  definition,
  roleArn: 'arn:aws:iam::123456789012:role/r',
  type: 'STANDARD',
  description: null,
  loggingConfiguration: { level: 'OFF', includeExecutionData: false },
  revisionId: definition,
  creationDate: 1,
  updateDate: 1,
});

describe('StateMachineStore.get', () => {
  it('follows inserts, updates, deletes and rollbacks', () => {
    const db = openDatabase(':memory:');
    const machines = new StateMachineStore(db);
    expect(machines.get(arn)).toBeUndefined();
    machines.insert(machine('v1'));
    expect(machines.get(arn)?.definition).toBe('v1');

    expect(() =>
      db.transaction(() => {
        machines.update(machine('v2'));
        expect(machines.get(arn)?.definition).toBe('v2'); // its own write, inside the transaction
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(machines.get(arn)?.definition).toBe('v1');

    db.transaction(() => machines.update(machine('v3')))();
    expect(db.transaction(() => machines.get(arn)?.definition)()).toBe('v3');
    expect(machines.get(arn)?.definition).toBe('v3');

    machines.delete(arn);
    expect(machines.get(arn)).toBeUndefined();
  });

  it('returns a record of its own each time', () => {
    const machines = new StateMachineStore(openDatabase(':memory:'));
    machines.insert(machine('v1'));
    machines.get(arn)!.loggingConfiguration.level = 'ALL';
    expect(machines.get(arn)?.loggingConfiguration.level).toBe('OFF');
  });
});
