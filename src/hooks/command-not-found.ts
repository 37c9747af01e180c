import type { Hook } from '@oclif/core/hooks';
import { UsageError } from '../lib/errors.js';
import { ExitCode } from '../lib/exit-codes.js';
import { closestName } from '../lib/did-you-mean.js';
import { Printer } from '../lib/output/printer.js';

// `taskctl sumbit {}`: oclif's own answer is `command sumbit:{} not found`, its internal id.
// Here: the word that is not a command, the command it most likely meant, exit 2 (bad usage).
// Not @oclif/plugin-not-found: on a terminal it asks to run its guess (a submit that was never
// typed), it never shows the guess otherwise, and it exits 127.

const hook: Hook<'command_not_found'> = async function (options) {
  const config = options.config;
  const words = options.id.split(':');
  // `dev stoop`: the topic is right, the command under it is not.
  const typed = config.findTopic(words[0]) && words.length > 1 ? words.slice(0, 2) : words.slice(0, 1);
  const ids = config.commands.filter((command) => !command.hidden).flatMap((c) => [c.id, ...c.aliases]);
  const guess = closestName(typed.join(':'), ids);
  const shown = (id: string) => id.replaceAll(':', ' ');
  const error = new UsageError(
    `"${shown(typed.join(':'))}" is not a ${config.bin} command` +
      (guess ? `. Did you mean "${shown(guess)}"?` : ''),
    { hint: `see: ${config.bin} --help` },
  );
  const json = (options.argv ?? []).includes('--json') || words.includes('--json');
  new Printer({ json }).error(error);
  process.exitCode = ExitCode.usage;
};

export default hook;
