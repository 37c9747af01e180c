import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { directCommands } from '../../src/direct.js';
import { ROOT, runCli } from '../support/cli.js';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';
import { deployBundledWorkflow, sfnClient } from '../support/sdk.js';

// The service commands run from dist/cli.cjs without oclif's configuration load (src/direct.ts);
// TASKCTL_FAST_PATH=0 sends the same request through oclif. Both must behave the same.

const OCLIF = { TASKCTL_FAST_PATH: '0' };
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, unknown>;
};

const engine = useTestEngine({ speed: 20 });
// The direct path is bin/run.js's (spawned); oclif's answer is rendered in-process, by oclif.
const both = (args: string[], input?: string) =>
  Promise.all([
    runCli(args, { env: engine().env, input }),
    runInProcess(args, { env: { ...engine().env, ...OCLIF }, input }),
  ]);

beforeAll(() => deployBundledWorkflow(sfnClient(engine().url)), 20_000);

describe('direct commands', () => {
  it('are every command but the engine’s own', () => {
    const expected = Object.keys(manifest.commands).filter((id) => id !== 'dev' && !id.startsWith('dev:'));
    expect(Object.keys(directCommands).sort()).toEqual(expected.sort());
  });

  it.each([
    ['a missing execution', ['describe', 'nope']],
    ['a missing execution, --json', ['describe', 'nope', '--json']],
    ['an unknown flag', ['list', '--bogus']],
    ['a missing argument', ['describe']],
    ['a bad flag value', ['list', '--status', 'sideways']],
    ['bad input', ['submit', '{not json']],
    ['a dry run', ['deploy', '--dry-run']],
    ['an empty list', ['list', '--json']],
    ['a topic command (task succeed) refused by the service', ['task', 'succeed', 'not-a-token']],
    ['a topic command, --json', ['task', 'heartbeat', `AQ${'x'.repeat(64)}`, '--json']],
  ])('match oclif for %s', async (_name, args) => {
    const [direct, oclif] = await both(args);
    expect(direct).toEqual(oclif);
  });

  it('match oclif for a task submitted and described', async () => {
    const [first] = await both(['submit', '{"durationSeconds":0}', '--name', 'direct-1', '--wait']);
    expect(first.code).toBe(0);
    const [direct, oclif] = await both(['describe', 'direct-1', '--json']);
    expect(direct.code).toBe(0);
    expect(JSON.parse(direct.stdout)).toMatchObject({ status: 'SUCCEEDED', name: 'direct-1' });
    expect(direct).toEqual(oclif);
  });

  it('run from the bundle, without loading oclif’s configuration', async () => {
    // NODE_DEBUG=module makes Node name every CommonJS module it loads, on stderr.
    const trace = (env: Record<string, string>) =>
      runCli(['describe', 'nope'], { env: { ...engine().env, NODE_DEBUG: 'module', ...env } });
    const [direct, oclif] = await Promise.all([trace({}), trace(OCLIF)]);
    expect(direct.stderr).toContain(join(ROOT, 'dist', 'cli.cjs'));
    expect(direct.stderr).not.toMatch(/@oclif\/core\/lib\/config\/config\.js/);
    expect(oclif.stderr).toMatch(/@oclif\/core\/lib\/config\/config\.js/);
  });

  it('leave --help to oclif', async () => {
    const [direct, oclif] = await both(['describe', 'x', '--help']);
    expect(direct.code).toBe(0);
    expect(direct.stdout).toContain('USAGE');
    expect(direct).toEqual(oclif);
  });
});
