import { describe, expect, it } from 'vitest';
import { interruptedWhileWaiting } from '../../src/lib/reattach.js';

const arn = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:${name}`;

describe('interruptedWhileWaiting', () => {
  it('names one execution, says it keeps running, and how to re-attach (exit 130)', () => {
    const error = interruptedWhileWaiting({ executionArns: [arn('task-1')] });
    expect(error).toMatchObject({ name: 'InterruptedError', exitCode: 130 });
    expect(error.message).toBe('interrupted: task-1 keeps running (Ctrl-C stops only the waiting)');
    expect(error.hint).toBe(
      `re-attach with: taskctl watch ${arn('task-1')} (or taskctl describe ${arn('task-1')})`,
    );
  });

  it('lists a few executions, and points at --all or list for many', () => {
    expect(interruptedWhileWaiting({ executionArns: [arn('a'), arn('b')] }).hint).toBe(
      `re-attach with: taskctl watch ${arn('a')} ${arn('b')}`,
    );
    const many = interruptedWhileWaiting({ executionArns: ['a', 'b', 'c', 'd'].map(arn) });
    expect(many.message).toContain('4 executions keep running');
    expect(many.hint).toContain('taskctl list --status RUNNING');
    expect(interruptedWhileWaiting({ executionArns: [], all: true }).hint).toBe(
      're-attach with: taskctl watch --all',
    );
  });
});
