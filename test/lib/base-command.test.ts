import { Errors } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { toTaskctlError } from '../../src/base-command.js';
import { NotFoundError } from '../../src/lib/errors.js';

describe('toTaskctlError', () => {
  it('keeps typed errors as they are', () => {
    const error = new NotFoundError('gone', { hint: 'look elsewhere' });
    expect(toTaskctlError(error)).toBe(error);
  });

  it('turns oclif parse errors into one-line usage errors (exit 2) pointing at --help', () => {
    const parseError = new Errors.CLIError('Nonexistent flag: --nope\nSee more help with --help', {
      exit: 2,
    });
    expect(toTaskctlError(parseError, 'dev:stop')).toMatchObject({
      name: 'UsageError',
      exitCode: 2,
      message: 'Nonexistent flag: --nope',
      hint: 'see: taskctl dev stop --help',
    });
  });

  it('maps Ctrl-C aborts to 130 and anything unexpected to 1', () => {
    expect(toTaskctlError(Object.assign(new Error('x'), { name: 'AbortError' }))).toMatchObject({
      exitCode: 130,
    });
    expect(toTaskctlError(new TypeError('bug'))).toMatchObject({ exitCode: 1, message: 'bug' });
  });
});
