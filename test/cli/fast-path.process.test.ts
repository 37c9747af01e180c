import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.js';
import { runInProcess } from '../support/in-process.js';

// bin/fast-path.js answers --version and help from dist/help.json without loading oclif;
// TASKCTL_FAST_PATH=0 sends the same request to oclif. Both must print the same bytes.
// The fast path is a process of its own (spawned); what oclif prints is rendered in-process by
// oclif's own main.run, except for colour and width, which a process decides at start.

const OCLIF = { TASKCTL_FAST_PATH: '0' };
const rendered = JSON.parse(readFileSync(join(ROOT, 'dist', 'help.json'), 'utf8')) as {
  forms: Record<string, number>;
};
const requests = Object.keys(rendered.forms).map((key) => JSON.parse(key) as string[]);

describe('fast path for --version and help', () => {
  it('pre-renders root help, `help`, and every command and topic', () => {
    for (const argv of [[], ['--help'], ['help'], ['describe', '--help'], ['help', 'dev', 'stop']])
      expect(requests).toContainEqual(argv);
  });

  // Concurrent: each spawn mostly waits for a Node process to start (oclif's runs queue in-process).
  it.concurrent.for([['--version'], ['--version', 'extra'], ['-v'], ['version']])(
    'prints what oclif prints for %s',
    async (argv, { expect }) => {
      const [fast, oclif] = await Promise.all([runCli(argv), runInProcess(argv, { env: OCLIF })]);
      expect(fast).toEqual(oclif);
      expect(fast.stdout).toBe(`taskctl/0.1.0 ${process.platform}-${process.arch} node-${process.version}\n`);
    },
  );

  it.concurrent.for(requests.map((argv) => [argv.join(' ') || '(no arguments)', argv] as const))(
    'prints what oclif prints for %s',
    async ([, argv], { expect }) => {
      const [fast, oclif] = await Promise.all([runCli(argv), runInProcess(argv, { env: OCLIF })]);
      expect(fast.code).toBe(0);
      expect(fast).toEqual(oclif);
    },
  );

  it('leaves coloured output and other widths to oclif', async () => {
    for (const env of [{ FORCE_COLOR: '1', NO_COLOR: undefined }, { OCLIF_COLUMNS: '60' }]) {
      const [fast, oclif] = await Promise.all([
        runCli(['describe', '--help'], { env }),
        runCli(['describe', '--help'], { env: { ...env, ...OCLIF } }),
      ]);
      expect(fast).toEqual(oclif);
    }
  });
});
