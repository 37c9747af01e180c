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
  const json = (options.argv ?? []).includes('--json') || words.includes('--json');
  const fail = (error: UsageError) => {
    new Printer({ json }).error(error);
    process.exitCode = ExitCode.usage;
  };
  const shown = (id: string) => id.replaceAll(':', ' ');
  // `dev stoop`: the topic is right, the command under it is not.
  const typed = config.findTopic(words[0]) && words.length > 1 ? words.slice(0, 2) : words.slice(0, 1);
  const typedId = typed.join(':');
  const ids = config.commands.filter((command) => !command.hidden).flatMap((c) => [c.id, ...c.aliases]);
  const guess = config.findCommand(typedId) ? undefined : closestName(typedId, ids);
  // `version extra`: oclif joins the words after a command that takes no arguments to its id.
  // Said as oclif's parser says it when the command itself runs (bin/run.js's direct path).
  const command = guess ? undefined : [typedId, words[0]].find((id) => config.findCommand(id));
  if (command) {
    const extra = words.slice(command.split(':').length);
    return fail(
      new UsageError(`Unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(', ')}`, {
        hint: `see: ${config.bin} ${shown(command)} --help`,
      }),
    );
  }
  fail(
    new UsageError(
      `"${shown(typedId)}" is not a ${config.bin} command` +
        (guess ? `. Did you mean "${shown(guess)}"?` : ''),
      { hint: `see: ${config.bin} --help` },
    ),
  );
};

export default hook;
