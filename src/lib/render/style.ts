import chalkDefault, { chalkStderr } from 'chalk';

// Colour follows NO_COLOR / FORCE_COLOR and whether each stream is a TTY (chalk checks both).
export const chalk = chalkDefault;
export { chalkStderr };
