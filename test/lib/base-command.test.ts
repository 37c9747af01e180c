import { Errors } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { toTaskctlError } from '../../src/base-command.js';
import { closestName } from '../../src/lib/did-you-mean.js';
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

describe('did you mean', () => {
  it('names the flag a mistyped one most likely meant', () => {
    const parseError = Object.assign(
      new Errors.CLIError('Nonexistent flag: --nmae\nSee more help with --help', { exit: 2 }),
      { flags: ['--nmae'] },
    );
    expect(toTaskctlError(parseError, 'submit', ['name', 'wait', 'watch']).message).toBe(
      'Nonexistent flag: --nmae (did you mean --name?)',
    );
    expect(toTaskctlError(parseError, 'submit', ['batch']).message).toBe('Nonexistent flag: --nmae');
  });

  it('finds close names and prefixes, not distant ones', () => {
    const commands = ['submit', 'describe', 'dev:stop', 'dev:status', 'stop', 'list'];
    expect(closestName('sumbit', commands)).toBe('submit');
    expect(closestName('desc', commands)).toBe('describe');
    expect(closestName('dev:stoop', commands)).toBe('dev:stop');
    expect(closestName('frobnicate', commands)).toBeUndefined();
    expect(closestName('nmae', ['name', 'wait'])).toBe('name');
    expect(closestName('nope', ['name', 'wait'])).toBeUndefined();
  });
});
