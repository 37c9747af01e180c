import { describe, expect, it } from 'vitest';
import type { Json, WaitState } from '../../../src/engine/asl/types.js';
import type { WaitCursor } from '../../../src/engine/states/cursor.js';
import { enterWait, resumeWait } from '../../../src/engine/states/wait.js';
import { execution, expectNamesState, step, T0, thrownBy } from './harness.js';

// The developer guide's "Wait workflow state": Seconds, SecondsPath, Timestamp or
// TimestampPath; InputPath and OutputPath. The clock is the step's `now`: nothing waits.

const wait = (fields: Omit<WaitState, 'Type'>): WaitState => ({ Type: 'Wait', Next: 'After', ...fields });

function enter(state: WaitState, input: Json, speed = 1) {
  const { env } = step(execution('Pause', state, input), T0, speed);
  return enterWait(state, 'Pause', input, env);
}

function resume(state: WaitState, cursor: WaitCursor, now: number) {
  const { env } = step(execution('Pause', state, cursor.input), now);
  return resumeWait(state, cursor, env);
}

describe('Wait state', () => {
  it('waits Seconds from when it is entered, then leaves with its input', () => {
    const state = wait({ Seconds: 10 });
    const outcome = enter(state, { a: 1 });
    expect(outcome).toEqual({
      kind: 'suspend',
      cursor: { at: 'wait', state: 'Pause', input: { a: 1 }, enteredTime: T0 },
      readyAt: T0 + 10_000,
    });
    if (outcome.kind !== 'suspend' || outcome.cursor.at !== 'wait') throw new Error('not suspended');
    expect(resume(state, outcome.cursor, T0 + 10_000)).toEqual({
      kind: 'next',
      next: 'After',
      output: { a: 1 },
    });
  });

  it('divides the wait by the engine speed', () => {
    expect(enter(wait({ Seconds: 10 }), {}, 10)).toMatchObject({ kind: 'suspend', readyAt: T0 + 1000 });
  });

  it('leaves at once when there is nothing to wait for (Seconds 0, a Timestamp in the past)', () => {
    expect(enter(wait({ Seconds: 0 }), { a: 1 })).toEqual({ kind: 'next', next: 'After', output: { a: 1 } });
    expect(enter(wait({ Timestamp: '2020-01-01T00:00:00Z', End: true, Next: undefined }), 'x')).toEqual({
      kind: 'end',
      output: 'x',
    });
  });

  it('waits until the time at TimestampPath, or for the seconds at SecondsPath, in the effective input', () => {
    const due = new Date(T0 + 60_000).toISOString();
    expect(
      enter(wait({ InputPath: '$.timer', TimestampPath: '$.at' }), { timer: { at: due } }),
    ).toMatchObject({
      readyAt: T0 + 60_000,
    });
    expect(enter(wait({ SecondsPath: '$.s' }), { s: 5 })).toMatchObject({ readyAt: T0 + 5000 });
  });

  it('applies InputPath then OutputPath when it leaves', () => {
    const state = wait({ InputPath: '$.job', OutputPath: '$.id', Seconds: 0 });
    expect(enter(state, { job: { id: 'j1' } })).toEqual({ kind: 'next', next: 'After', output: 'j1' });
  });

  describe('fails with States.Runtime naming the state', () => {
    it('when SecondsPath does not point to a non-negative number', () => {
      for (const s of ['ten', -1]) {
        const e = thrownBy(() => enter(wait({ SecondsPath: '$.s' }), { s }));
        expect(e.error).toBe('States.Runtime');
        expectNamesState(e.cause, 'Pause');
      }
    });

    it('when SecondsPath gives a fraction, in the words of AWS', () => {
      const e = thrownBy(() => enter(wait({ SecondsPath: '$.s' }), { s: 1.5 }));
      expect(e.error).toBe('States.Runtime');
      expect(e.cause).toMatch(/The SecondsPath parameter cannot be parsed as a long value: \$\.s == 1\.5$/);
      expectNamesState(e.cause, 'Pause');
      const negative = thrownBy(() => enter(wait({ SecondsPath: '$.s' }), { s: -1 }));
      expect(negative.cause).toMatch(/The SecondsPath parameter references a negative value: \$\.s == -1$/);
    });

    it('when TimestampPath gives a date-time without an offset (AWS takes only Z or ±hh:mm)', () => {
      for (const at of ['2023-12-11T22:01:34', '2023-12-11T22:01:34.000']) {
        const e = thrownBy(() => enter(wait({ TimestampPath: '$.at' }), { at }));
        expect(e.cause).toMatch(
          `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.at == ${at}`,
        );
      }
      for (const at of [
        '2023-12-11T22:01:34Z',
        '2023-12-11T22:01:34.0000000Z',
        '2023-12-11T23:01:34+01:00',
      ]) {
        expect(enter(wait({ TimestampPath: '$.at' }), { at })).toMatchObject({ kind: 'next' });
      }
    });

    it('when TimestampPath does not point to a timestamp, or to anything', () => {
      for (const input of [{ at: 'tomorrow' }, {}] as Json[]) {
        const e = thrownBy(() => enter(wait({ TimestampPath: '$.at' }), input));
        expect(e.error).toBe('States.Runtime');
        expectNamesState(e.cause, 'Pause');
      }
    });

    it('when InputPath matches nothing', () => {
      const e = thrownBy(() => enter(wait({ InputPath: '$.missing', Seconds: 1 }), {}));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Pause');
    });

    it('when OutputPath matches nothing once the wait is over', () => {
      const state = wait({ OutputPath: '$.missing', Seconds: 5 });
      const outcome = enter(state, {});
      if (outcome.kind !== 'suspend' || outcome.cursor.at !== 'wait') throw new Error('not suspended');
      const e = thrownBy(() => resume(state, outcome.cursor as WaitCursor, T0 + 5000));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Pause');
    });
  });
});
