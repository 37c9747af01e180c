import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, runCli } from '../support/cli.js';

const TRACE = fileURLToPath(new URL('../support/trace-modules.cjs', import.meta.url));

/** CommonJS modules loaded by a CLI run (the SDK and SQLite are CommonJS). */
function loadedModules(args: string[], env: Record<string, string> = {}): string[] {
  const run = spawnSync(process.execPath, ['-r', TRACE, BIN, ...args], {
    cwd: ROOT,
    env: cleanEnv(env),
    encoding: 'utf8',
  });
  const line = run.stderr.split('\n').find((l) => l.startsWith('LOADED_MODULES '));
  return JSON.parse(line!.slice('LOADED_MODULES '.length)) as string[];
}

describe('taskctl --help / --version', () => {
  it('lists the commands', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['deploy', 'describe', 'dev', 'submit'])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('prints the version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^taskctl\/0\.1\.0 /);
  });

  it('shows the exit-code table in the help of commands that wait', async () => {
    const { code, stdout } = await runCli(['submit', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('EXIT CODES');
    expect(stdout).toMatch(/3\s+the execution FAILED/);
    expect(stdout).toMatch(/130\s+interrupted/);
  });

  it.each([['dev'], ['dev', 'stop'], ['dev', 'status'], ['deploy'], ['describe']])(
    'has help for %s',
    async (...command) => {
      const { code, stdout } = await runCli([...command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/EXAMPLES/);
      expect(stdout).toMatch(/--json/);
    },
  );

  // The bundle of the service commands (dist/cli.cjs) holds the SDK, so it must stay unloaded too.
  const heavy = /@aws-sdk|@smithy|better-sqlite3|dist\/cli\.cjs/;

  it('loads neither the AWS SDK nor the engine for --help and --version', () => {
    for (const args of [['--help'], ['--version'], ['submit', '--help']]) {
      for (const env of [{}, { TASKCTL_FAST_PATH: '0' }] as Record<string, string>[]) {
        const loaded = loadedModules(args, env);
        expect(loaded.length).toBeGreaterThan(0);
        expect(loaded.filter((path) => heavy.test(path))).toEqual([]);
      }
    }
  });

  it('does load the SDK once a command talks to the service (the check above can see it)', () => {
    const env = { TASKCTL_ENDPOINT: 'http://127.0.0.1:1' };
    const bundled = loadedModules(['describe', 'x'], env);
    expect(bundled.some((path) => path.endsWith('dist/cli.cjs'))).toBe(true);
    const throughOclif = loadedModules(['describe', 'x'], { ...env, TASKCTL_FAST_PATH: '0' });
    expect(throughOclif.some((path) => path.includes('@aws-sdk/client-sfn'))).toBe(true);
    for (const loaded of [bundled, throughOclif])
      expect(loaded.some((path) => path.includes('better-sqlite3'))).toBe(false);
  });
});
