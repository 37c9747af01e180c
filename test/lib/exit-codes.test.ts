import { describe, expect, it } from 'vitest';
import { EXIT_CODES_HELP, ExitCode, exitCodeForStatus, worstExitCode } from '../../src/lib/exit-codes.js';

describe('exit codes (design §3)', () => {
  it('has the contract values', () => {
    expect(ExitCode).toEqual({
      ok: 0,
      serviceError: 1,
      usage: 2,
      failed: 3,
      timedOut: 4,
      aborted: 5,
      interrupted: 130,
    });
  });

  it.each([
    ['SUCCEEDED', 0],
    ['FAILED', 3],
    ['TIMED_OUT', 4],
    ['ABORTED', 5],
    ['RUNNING', 1],
    ['PENDING_REDRIVE', 1],
    [undefined, 1],
  ])('maps %s to %i', (status, code) => {
    expect(exitCodeForStatus(status)).toBe(code);
  });

  it('picks the worst of several', () => {
    expect(worstExitCode([0, 3, 0])).toBe(3);
    expect(worstExitCode([3, 5, 4])).toBe(5);
    expect(worstExitCode([])).toBe(0);
  });

  it('documents every code in the help text', () => {
    for (const code of Object.values(ExitCode))
      expect(EXIT_CODES_HELP).toMatch(new RegExp(`^  ${code} `, 'm'));
  });
});
