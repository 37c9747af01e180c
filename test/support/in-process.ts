import { Console } from 'node:console';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import chalk, { chalkStderr } from 'chalk';
import { Config } from '@oclif/core/config';
import { flush } from '@oclif/core/flush';
import { Exit, handle } from '@oclif/core/handle';
import { normalizeArgv } from '@oclif/core/help';
import { helpAddition, run, versionAddition } from '@oclif/core/run';
import type { Command } from '@oclif/core/command';
import { ROOT, cleanEnv, type CliOptions, type CliResult } from './cli.js';

// Runs taskctl inside the test process as bin/run.js does through oclif (execute(): main.run,
// flush, handle), with taskctl's command classes taken from src/ (through vitest): no build is
// needed and nothing is spawned. What only a process shows (signals, closed pipes, bin/'s fast
// path and compile cache, colour on a terminal, the background engine) stays with runCli
// (cli.ts), in the *.process.test.ts files.
//
// Per run: a clean environment (as runCli builds it), stdin from `input`, stdout and stderr
// captured at process.stdout/stderr.write (and console), the exit code from process.exitCode or
// oclif's exit, and streams that look like pipes (no TTY, no colour). Runs are serialised:
// process.env, the streams and process.exitCode are process-wide. Modules load once per test
// file (vitest isolates files); each command builds its own SDK clients and closes them when it
// ends, and a SIGINT listener left behind fails the run.

type Loadable = NonNullable<ReturnType<Config['findCommand']>>;
type CommandClass = Command.Class & { id: string; plugin?: unknown; isESM?: boolean };

let config: Promise<Config> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** oclif's configuration of this package: the manifest, plugin-help and the package.json settings. */
function loadConfig(): Promise<Config> {
  config ??= Config.load({ root: ROOT });
  return config;
}

/** A taskctl command loaded from src/ (the manifest names dist/commands/…js). */
function sourceLoadable(found: Loadable, id: string, loaded: Config): Loadable {
  const relative = (found as { relativePath?: string[] }).relativePath;
  if (!relative || relative[0] !== 'dist') throw new Error(`no source path for command ${id}`);
  const source = join(ROOT, 'src', ...relative.slice(1)).replace(/\.js$/, '.ts');
  return {
    ...found,
    load: async () => {
      const { default: command } = (await import(/* @vite-ignore */ source)) as { default: CommandClass };
      // As oclif's plugin loader does for the class it finds.
      command.id = id;
      command.plugin = loaded.plugins.get(loaded.name);
      command.isESM = true;
      return command;
    },
  };
}

/**
 * oclif's main.run. A taskctl command runs with its class from src/; the rest (--version, help,
 * topics, unknown commands) goes to main.run itself, with a configuration of its own as in a
 * process: plugin-help changes the configuration it renders from.
 */
async function runOclif(argv: string[]): Promise<void> {
  const loaded = await loadConfig();
  const [id, ...rest] = normalizeArgv(loaded, argv);
  const found = loaded.findCommand(id);
  if (
    !found ||
    found.pluginName !== loaded.name ||
    versionAddition(argv, loaded) ||
    helpAddition(argv, loaded)
  ) {
    await run(argv, ROOT);
    return;
  }
  await loaded.runCommand(id, rest, sourceLoadable(found, id, loaded));
}

/** Thrown by the process.exit stand-in, so the command unwinds as the process would have ended. */
class ProcessExit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

export function runInProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
  if (options.cwd !== undefined && options.cwd !== ROOT) {
    throw new Error('runInProcess runs in the test process’s directory; use runCli for another cwd');
  }
  const env = cleanEnv(options.env);
  if (env.FORCE_COLOR !== undefined) throw new Error('colour is a terminal’s business; use runCli');
  const result = queue.then(() => isolated(args, env, options));
  queue = result.catch(() => undefined);
  return result;
}

async function isolated(args: string[], env: NodeJS.ProcessEnv, options: CliOptions): Promise<CliResult> {
  const restore = enter(env, options.input ?? '');
  const output = restore.output;
  let exitCode: number | undefined;
  const sigints = process.listenerCount('SIGINT');
  const work = (async () => {
    try {
      await runOclif(args);
      await flush();
    } catch (error) {
      // oclif's handle() prints what escaped the command and exits with its code.
      if (error instanceof ProcessExit) exitCode = error.code;
      else await handle(error as Error);
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`taskctl ${args.join(' ')} timed out\n${shown(output)}`)),
          options.timeoutMs ?? 30_000,
        );
      }),
    ]);
    exitCode ??= restore.exited() ?? (process.exitCode as number | undefined) ?? 0;
  } finally {
    clearTimeout(timer);
    restore();
  }
  if (process.listenerCount('SIGINT') !== sigints) {
    throw new Error(`taskctl ${args.join(' ')} left a SIGINT listener behind\n${shown(output)}`);
  }
  return { code: exitCode, stdout: output.stdout, stderr: output.stderr };
}

const shown = (output: { stdout: string; stderr: string }) =>
  `stdout: ${output.stdout}\nstderr: ${output.stderr}`;

/**
 * Swaps in the run's environment, stdin, output capture, colour and exit hooks; the returned
 * function puts everything back.
 */
function enter(
  env: NodeJS.ProcessEnv,
  input: string,
): (() => void) & { output: { stdout: string; stderr: string }; exited(): number | undefined } {
  const output = { stdout: '', stderr: '' };
  const savedEnv = { ...process.env };
  replaceEnv(env);

  const capture = (stream: 'stdout' | 'stderr') =>
    function write(chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean {
      output[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = capture('stdout') as typeof process.stdout.write;
  process.stderr.write = capture('stderr') as typeof process.stderr.write;
  // Pipes, as under runCli: no TTY, no width, no colour.
  const terminal = (['stdout', 'stderr'] as const).map((name) => {
    const stream = process[name] as NodeJS.WriteStream;
    const saved = { isTTY: stream.isTTY, columns: stream.columns };
    Object.assign(stream, { isTTY: undefined, columns: undefined });
    return () => Object.assign(stream, saved);
  });
  const levels = [chalk.level, chalkStderr.level] as const;
  chalk.level = chalkStderr.level = 0;
  // vitest replaces console; the process's console writes to the (captured) streams.
  const savedConsole = globalThis.console;
  globalThis.console = new Console({ stdout: process.stdout, stderr: process.stderr });

  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  const piped = new PassThrough();
  piped.end(Buffer.from(input));
  Object.defineProperty(process, 'stdin', { value: piped, configurable: true, writable: true });
  // oclif caches what its parser read from stdin for the rest of the process.
  delete (globalThis as { oclif?: { stdinCache?: string } }).oclif?.stdinCache;

  const savedExitCode = process.exitCode;
  process.exitCode = undefined;
  let exited: number | undefined;
  const savedExit = Exit.exit;
  // handle() ends with Exit.exit(code); here that only records the code.
  Exit.exit = ((code = 0) => void (exited = code)) as typeof Exit.exit;
  const savedProcessExit = process.exit;
  process.exit = ((code?: number) => {
    throw new ProcessExit(code ?? (process.exitCode as number | undefined) ?? 0);
  }) as typeof process.exit;

  // oclif's flush() waits for a 'drain' that a captured write never needs: drop what a run added.
  const events = ['drain', 'error', 'close', 'finish'];
  const listening = [process.stdout, process.stderr].map((stream) =>
    events.map((event) => new Set(stream.listeners(event))),
  );

  const restore = () => {
    [process.stdout, process.stderr].forEach((stream, s) =>
      events.forEach((event, e) => {
        for (const listener of stream.listeners(event)) {
          if (!listening[s][e].has(listener)) stream.removeListener(event, listener as () => void);
        }
      }),
    );
    process.exit = savedProcessExit;
    Exit.exit = savedExit;
    process.exitCode = savedExitCode;
    Object.defineProperty(process, 'stdin', stdin);
    delete (globalThis as { oclif?: { stdinCache?: string } }).oclif?.stdinCache;
    globalThis.console = savedConsole;
    [chalk.level, chalkStderr.level] = levels;
    terminal.forEach((put) => put());
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    replaceEnv(savedEnv);
  };
  return Object.assign(restore, { output, exited: () => exited });
}

/** Makes process.env hold exactly `env` (the object itself stays: Node and libraries keep it). */
function replaceEnv(env: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (env[key] === undefined) delete process.env[key];
  for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;
}
