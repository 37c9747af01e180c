import { describe, expect, it } from 'vitest';
import { NAME_MAX_LENGTH, nameLength, nameProblem } from '../../src/aws/names.js';
import { assertValidName } from '../../src/engine/api/arn.js';
import { executionNameProblem } from '../../src/lib/names.js';

// Step Functions API reference, CreateStateMachine / StartExecution, "name": length 1-80; a name must
// not contain white space, brackets < > { } [ ], wildcard characters ? *, special characters
// " # % \ ^ | ~ ` $ & , ; : /, control characters (U+0000-001F, U+007F-009F, U+FFFE-FFFF),
// surrogates (U+D800-DFFF) or invalid characters (U+10FFFF). Lengths count code points (Smithy
// spec, "Constraint traits": the length trait counts a string's Unicode code points).

const emoji = '😀'; // U+1F600: one code point, two UTF-16 units
const loneHigh = '\ud83d';
const loneLow = '\udfff';

/** What the engine answers for a name: undefined, or the AWS error name it throws. */
function engineVerdict(name: string): string | undefined {
  try {
    assertValidName(name);
    return undefined;
  } catch (error) {
    return (error as Error).name;
  }
}

describe('AWS name rules', () => {
  it.each(['a', 'task-0001', 'Task_1.2', 'x'.repeat(80), 'naïve-日本', emoji.repeat(80), `a${emoji}b`])(
    'accepts %j',
    (name) => {
      expect(nameProblem(name)).toBeUndefined();
    },
  );

  it('counts code points: 80 emoji are 80 characters (160 UTF-16 units)', () => {
    expect(emoji.repeat(80).length).toBe(160);
    expect(nameLength(emoji.repeat(80))).toBe(NAME_MAX_LENGTH);
    expect(nameProblem(emoji.repeat(81))).toEqual({ kind: 'length', length: 81, limit: 80 });
  });

  it.each([
    ['', { kind: 'length', length: 0, limit: 1 }],
    ['x'.repeat(81), { kind: 'length', length: 81, limit: 80 }],
    ['a b', { kind: 'character', reason: 'whitespace', codePoint: 0x20 }],
    ['a\u00a0b', { kind: 'character', reason: 'whitespace', codePoint: 0xa0 }],
    ['a\u0000b', { kind: 'character', reason: 'control character', codePoint: 0 }],
    ['a\u009fb', { kind: 'character', reason: 'control character', codePoint: 0x9f }],
    ['a\ufffeb', { kind: 'character', reason: 'control character', codePoint: 0xfffe }],
    ['a\uffffb', { kind: 'character', reason: 'control character', codePoint: 0xffff }],
    [`a${loneHigh}b`, { kind: 'character', reason: 'surrogate', codePoint: 0xd83d }],
    [loneLow, { kind: 'character', reason: 'surrogate', codePoint: 0xdfff }],
    [`${emoji}${loneLow}`, { kind: 'character', reason: 'surrogate', codePoint: 0xdfff }],
    ['a\u{10ffff}b', { kind: 'character', reason: 'invalid character', codePoint: 0x10ffff }],
  ])('refuses %j', (name, problem) => {
    expect(nameProblem(name)).toMatchObject(problem);
  });

  it.each([...'<>{}[]?*"#%\\^|~`$&,;:/'])('refuses the special character %s', (character) => {
    expect(nameProblem(`a${character}b`)).toMatchObject({
      kind: 'character',
      reason: 'special character',
      character,
    });
  });
});

describe('the engine and the CLI apply the same rules', () => {
  const names = [
    'ok',
    emoji.repeat(80),
    emoji.repeat(81),
    'x'.repeat(80),
    'x'.repeat(81),
    '',
    'a b',
    'a/b',
    loneLow,
    `x${loneHigh}`,
    'a\ufffeb',
    'a\u{10ffff}b',
  ];

  it.each(names)('agree on %j', (name) => {
    const cliAccepts = executionNameProblem(name) === undefined;
    const engineAccepts = engineVerdict(name) === undefined;
    expect(engineAccepts).toBe(cliAccepts);
  });

  it('the engine answers a bad length with ValidationException and a bad character with InvalidName', () => {
    expect(engineVerdict('x'.repeat(81))).toBe('ValidationException');
    expect(engineVerdict(emoji.repeat(81))).toBe('ValidationException');
    expect(engineVerdict('')).toBe('ValidationException');
    expect(engineVerdict(loneLow)).toBe('InvalidName');
    expect(engineVerdict('a b')).toBe('InvalidName');
  });

  it('the CLI says what is wrong', () => {
    expect(executionNameProblem(emoji.repeat(81))).toBe('is 81 characters long; the limit is 80');
    expect(executionNameProblem(loneLow)).toMatch(/a lone surrogate \(U\+DFFF\)/);
    expect(executionNameProblem('a\u{10ffff}b')).toMatch(/an invalid character \(U\+10FFFF\)/);
  });
});
