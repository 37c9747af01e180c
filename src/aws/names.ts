// AWS's rules for state machine, execution, version alias and activity names (Step Functions API
// reference, CreateStateMachine / StartExecution "name": length 1-80; must not contain white space,
// brackets < > { } [ ], wildcards ? *, special characters " # % \ ^ | ~ ` $ & , ; : /, control
// characters U+0000-001F, U+007F-009F, U+FFFE-FFFF, surrogates U+D800-DFFF, or U+10FFFF).
//
// The length counts Unicode code points, not UTF-16 units: the API's length constraints are Smithy
// length traits, which count a string's code points (Smithy spec, "Constraint traits: length").
// So a name of 80 emoji is valid, on the engine and in the CLI alike.

export const NAME_MIN_LENGTH = 1;
export const NAME_MAX_LENGTH = 80;

/** What is wrong with a name: its length (a model constraint) or a character AWS forbids. */
export type NameProblem =
  | { kind: 'length'; length: number; limit: number }
  | { kind: 'character'; character: string; codePoint: number; reason: ForbiddenReason };

export type ForbiddenReason =
  'whitespace' | 'special character' | 'control character' | 'surrogate' | 'invalid character';

const SPECIAL = new Set('<>{}[]?*"#%\\^|~`$&,;:/');

/** Why AWS refuses this code point in a name, or undefined if it is allowed. */
export function forbiddenReason(codePoint: number): ForbiddenReason | undefined {
  const character = String.fromCodePoint(codePoint);
  // Tab, line feed and the like are both whitespace and control characters: reported as whitespace.
  if (/\s/u.test(character)) return 'whitespace';
  if (codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f)) return 'control character';
  if (codePoint === 0xfffe || codePoint === 0xffff) return 'control character';
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'surrogate';
  if (codePoint === 0x10ffff) return 'invalid character';
  if (SPECIAL.has(character)) return 'special character';
  return undefined;
}

/** The name's length as AWS counts it: code points (a lone surrogate counts as one). */
export const nameLength = (name: string): number => {
  let length = 0;
  for (const _ of name) length++;
  return length;
};

/** The first thing AWS would refuse about this name, or undefined if it is valid. */
export function nameProblem(name: string): NameProblem | undefined {
  const length = nameLength(name);
  if (length < NAME_MIN_LENGTH) return { kind: 'length', length, limit: NAME_MIN_LENGTH };
  if (length > NAME_MAX_LENGTH) return { kind: 'length', length, limit: NAME_MAX_LENGTH };
  // Iterating a string yields code points; a lone surrogate comes out on its own.
  for (const character of name) {
    const codePoint = character.codePointAt(0)!;
    const reason = forbiddenReason(codePoint);
    if (reason) return { kind: 'character', character, codePoint, reason };
  }
  return undefined;
}

/** `U+D83D`: how a refused character is shown, since it may not print. */
export const codePointLabel = (codePoint: number): string =>
  `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

// Workflow variables (Developer Guide, "Passing data between states with variables"): a name is a
// Unicode identifier (UAX #31: an ID_Start character, then ID_Continue characters) of at most 80
// characters, and `states` is reserved for the JSONata `$states` variable.
export const VARIABLE_NAME_MAX_LENGTH = 80;
export const RESERVED_VARIABLE_NAME = 'states';
const VARIABLE_NAME = /^\p{ID_Start}\p{ID_Continue}*$/u;

/** Why AWS refuses a variable name, or undefined if it is valid. */
export function variableNameProblem(name: string): string | undefined {
  if (name === RESERVED_VARIABLE_NAME) return `'$${name}' is a reserved variable name`;
  if (!VARIABLE_NAME.test(name)) {
    return `'${name}' is not a valid variable name: it must start with a letter and contain only letters, digits and underscores`;
  }
  if ([...name].length > VARIABLE_NAME_MAX_LENGTH) {
    return `The variable name '${name}' is longer than ${VARIABLE_NAME_MAX_LENGTH} characters`;
  }
  return undefined;
}
