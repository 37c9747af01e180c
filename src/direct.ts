// Runs the service commands without oclif's configuration and plugin loading. scripts/bundle-cli.js
// bundles this module, with everything these commands load (the AWS SDK included), into one
// file, dist/cli.cjs, which bin/run.js loads under its compile cache: one read and no module
// resolution instead of some 400 files. Help, `dev` and anything unexpected go through oclif.
import type { Command } from '@oclif/core/command';
import type { Config } from '@oclif/core/config';

type CommandClass = (new (argv: string[], config: Config) => Command) & { id?: string };
type CommandModule = { default: CommandClass };

/**
 * The commands run directly, by id, each loaded only when run (in the bundle as in dist);
 * test/cli/direct.process.test.ts checks them against the manifest.
 */
export const directCommands: Record<string, () => Promise<CommandModule>> = {
  deploy: () => import('./commands/deploy.js'),
  describe: () => import('./commands/describe.js'),
  destroy: () => import('./commands/destroy.js'),
  history: () => import('./commands/history.js'),
  list: () => import('./commands/list.js'),
  logs: () => import('./commands/logs.js'),
  redrive: () => import('./commands/redrive.js'),
  stop: () => import('./commands/stop.js'),
  submit: () => import('./commands/submit.js'),
  'task:fail': () => import('./commands/task/fail.js'),
  'task:heartbeat': () => import('./commands/task/heartbeat.js'),
  'task:succeed': () => import('./commands/task/succeed.js'),
  version: () => import('./commands/version.js'),
  watch: () => import('./commands/watch.js'),
};

/**
 * What oclif's Command reads of its Config while a command runs (help rendering, which reads
 * much more, never happens here).
 */
function runtimeConfig(userAgent: string): Config {
  const prefix = 'TASKCTL_';
  const config = {
    bin: 'taskctl',
    userAgent,
    // `taskctl/0.1.0 linux-x64 node-v20…`: the version is the bin's.
    version: userAgent.split(' ')[0].split('/')[1],
    theme: undefined,
    scopedEnvVar: (key: string) => process.env[`${prefix}${key}`],
    scopedEnvVarKey: (key: string) => `${prefix}${key}`,
    scopedEnvVarKeys: (key: string) => [`${prefix}${key}`],
    // taskctl's one hook, command_not_found, is for commands that are not found: these are.
    runHook: async () => ({ successes: [], failures: [] }),
  };
  return config as unknown as Config;
}

/**
 * Runs `argv` if it names a direct command and asks for no help; returns whether it did.
 * `userAgent` is oclif's, as bin/fast-path.js computes it.
 */
export async function runDirect(argv: string[], userAgent: string): Promise<boolean> {
  // A topic's command (`task succeed`) is named by its first two words.
  const words = Object.hasOwn(directCommands, `${argv[0]}:${argv[1]}`) ? 2 : 1;
  const id = argv.length >= words ? argv.slice(0, words).join(':') : undefined;
  const args = argv.slice(words);
  const load = id === undefined || !Object.hasOwn(directCommands, id) ? undefined : directCommands[id];
  if (!load || args.includes('--help') || args.includes('-h')) return false;
  try {
    const { default: command } = await load();
    command.id = id;
    const instance = new command(args, runtimeConfig(userAgent));
    instance.id = id;
    // As oclif's execute(): run, drain stdout, and let handle() deal with what escapes.
    await (instance as unknown as { _run(): Promise<unknown> })._run();
    const { flush } = await import('@oclif/core/flush');
    await flush();
  } catch (error) {
    const { handle } = await import('@oclif/core/handle');
    await handle(error as Error);
  }
  return true;
}
