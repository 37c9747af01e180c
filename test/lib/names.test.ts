import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.js';
import { assertExecutionName, executionNameProblem } from '../../src/lib/names.js';

describe('execution names (AWS rules)', () => {
  it.each(['a', 'task-0001', 'Task_1.2', 'x'.repeat(80), 'naïve-日本'])('accepts %s', (name) => {
    expect(executionNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', /is empty/],
    ['x'.repeat(81), /81 characters long; the limit is 80/],
    ['a b', /a space/],
    ['a\tb', /whitespace/],
    ['a\u0001b', /control character \(U\+0001\)/],
    ['a\u007fb', /control character/],
    ...[...'<>{}[]?*"#%\\^|~`$&,;:/'].map((c): [string, RegExp] => [`a${c}b`, /contains "/]),
  ])('rejects %j', (name, problem) => {
    expect(executionNameProblem(name)).toMatch(problem);
  });

  it('throws a usage error naming the name and the rule', () => {
    expect(() => assertExecutionName('a/b')).toThrow(UsageError);
    expect(() => assertExecutionName('a/b')).toThrow('execution name "a/b" contains "/"');
  });
});
