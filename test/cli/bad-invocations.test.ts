import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../support/cli.js';
import { useTestEngine } from '../support/engine.js';
import { runInProcess } from '../support/in-process.js';
import { deployBundledWorkflow, listAllExecutions, sfnClient } from '../support/sdk.js';

// Bad invocations, as a person or a script makes them, against a real engine: each exits with
// its code, says what is wrong and how to fix it in one or two lines (or one JSON document
// under --json), prints no stack trace, and leaves the engine exactly as it was.

const engine = useTestEngine({ speed: 50 });
const dir = mkdtempSync(join(tmpdir(), 'taskctl-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tooBig = join(dir, 'big.json');
const tasks = join(dir, 'tasks.ndjson');
const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks';

/** AWS chosen by AWS_REGION alone, with no credentials anywhere: nothing can reach AWS. */
const AWS_BY_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
};

interface Row {
  args: string[];
  /** What is wrong (first line) … */
  problem: RegExp;
  /** … and the fix (hint), on the same line after "; " or on the next. */
  fix: RegExp;
  code?: number;
  input?: string;
  /** Replaces the engine's environment (the AWS rows). */
  env?: Record<string, string>;
}

const rows: Row[] = [
  // INPUT
  {
    args: ['submit', '{bad'],
    problem: /input from the INPUT argument is not valid JSON/,
    fix: /quote it for the shell/,
  },
  { args: ['submit', '[1, 2]'], problem: /must be a JSON object, got an array/, fix: /wrap it in an object/ },
  {
    args: ['submit', '-'],
    input: '"text"',
    problem: /input from stdin must be a JSON object/,
    fix: /wrap it/,
  },
  {
    args: ['submit'],
    input: '{"half": ',
    problem: /input from stdin \(no INPUT was given\) is not valid JSON/,
    fix: /quote it/,
  },
  {
    args: ['submit', '@/nonexistent/in.json'],
    problem: /cannot read input file .*ENOENT/,
    fix: /pass @path/,
  },
  {
    args: ['submit', `@${tooBig}`],
    problem: /Step Functions accepts at most 262144/,
    fix: /pass a reference/,
  },
  {
    args: ['submit', '--name', 'has space'],
    problem: /execution name "has space" contains a space/,
    fix: /names have 1-80 characters/,
  },
  // typos: commands and flags
  {
    args: ['sumbit', '{}'],
    problem: /^"sumbit" is not a taskctl command\. Did you mean "submit"\?/,
    fix: /taskctl --help/,
  },
  {
    args: ['dev', 'stoop'],
    problem: /"dev stoop" is not a taskctl command\. Did you mean "dev stop"\?/,
    fix: /--help/,
  },
  { args: ['lst'], problem: /Did you mean "list"\?/, fix: /taskctl --help/ },
  {
    args: ['frobnicate'],
    problem: /^"frobnicate" is not a taskctl command$|^"frobnicate" is not a taskctl command;/,
    fix: /taskctl --help/,
  },
  {
    args: ['submit', '--nmae', 'x'],
    problem: /Nonexistent flag: --nmae \(did you mean --name\?\)/,
    fix: /taskctl submit --help/,
  },
  { args: ['list', '--stauts', 'FAILED'], problem: /did you mean --status\?/, fix: /taskctl list --help/ },
  { args: ['version', 'extra'], problem: /^Unexpected argument: extra$/, fix: /taskctl version --help/ },
  // ARNs and names
  {
    args: ['describe', 'arn:aws:states:us-east-1:1:stateMachine:x'],
    problem: /is not an execution ARN/,
    fix: /pass arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME/,
  },
  {
    args: ['describe', 'a/b'],
    problem: /execution name "a\/b" contains "\/"/,
    fix: /names have 1-80 characters/,
  },
  { args: ['describe'], problem: /missing argument EXECUTION/, fix: /taskctl describe --help/ },
  // not found
  { args: ['describe', 'nope'], problem: /execution "nope" not found/, fix: /taskctl list/ },
  { args: ['history', `${EXECUTION_ARN}:missing`], problem: /not found/, fix: /taskctl list/ },
  { args: ['stop', 'nope'], problem: /execution "nope" not found/, fix: /taskctl list/ },
  { args: ['watch', 'nope'], problem: /execution "nope" not found/, fix: /taskctl list/ },
  {
    args: ['submit', '{}', '--state-machine', 'nope'],
    problem: /state machine "nope" not found/,
    fix: /taskctl deploy/,
  },
  {
    args: ['list', '--state-machine', 'nope'],
    problem: /state machine "nope" not found/,
    fix: /taskctl deploy/,
  },
  // flag values
  {
    args: ['list', '--since', 'last tuesday'],
    problem: /--since: "last tuesday" is neither a duration nor a date/,
    fix: /pass a duration such as 15m/,
  },
  {
    args: ['list', '--status', 'DONE'],
    problem: /--status: "DONE" is not an execution status/,
    fix: /pass one of RUNNING/,
  },
  { args: ['list', '--limit', '0'], problem: /--limit/, fix: /taskctl list --help/ },
  { args: ['submit', '--batch', tasks, '--concurrency', '0'], problem: /--concurrency/, fix: /--help/ },
  { args: ['submit', '--batch', tasks, '--concurrency', 'many'], problem: /--concurrency/, fix: /--help/ },
  {
    args: ['submit', '--timeout', 'soon'],
    problem: /--timeout: "soon" is neither seconds nor a duration/,
    fix: /pass seconds \(30\) or a duration/,
  },
  {
    args: ['submit', '--endpoint', 'not-a-url'],
    problem: /--endpoint "not-a-url" is not an http\(s\) URL/,
    fix: /pass a URL/,
  },
  {
    args: ['deploy', '--definition', '/nonexistent/def.json'],
    problem: /cannot read definition file \/nonexistent\/def.json: ENOENT/,
    fix: /pass a path to an Amazon States Language JSON file/,
  },
  // conflicting flags
  { args: ['submit', '--wait', '--watch'], problem: /--watch|--wait/, fix: /taskctl submit --help/ },
  {
    args: ['submit', '{}', '--batch', tasks],
    problem: /pass either INPUT or --batch, not both/,
    fix: /each line/,
  },
  { args: ['submit', '--rate', '5'], problem: /--batch/, fix: /taskctl submit --help/ },
  {
    args: ['submit', '--local', '--endpoint', 'http://x:1'],
    problem: /cannot also be provided when using --local/,
    fix: /--help/,
  },
  {
    args: ['redrive', '--failed'],
    problem: /a bulk redrive needs --yes when stdin is not a terminal/,
    fix: /check first with --dry-run, then add --yes/,
  },
  // AWS chosen only by the environment: the target line, and the way back to the local engine
  {
    args: ['deploy'],
    env: AWS_BY_ENV,
    code: 1,
    problem: /no AWS credentials found/,
    fix: /--local for the local engine/,
  },
  { args: ['list'], env: AWS_BY_ENV, code: 1, problem: /no AWS credentials found/, fix: /--local/ },
  {
    args: ['submit', '{bad'],
    env: AWS_BY_ENV,
    problem: /is not valid JSON/,
    fix: /^quote it for the shell[^;]*$/,
  },
];

/** Every state machine and every execution, as the API lists them. */
async function engineState(): Promise<unknown> {
  const sfn = sfnClient(engine().url);
  const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
  return Promise.all(
    stateMachines.map(async (machine) => ({
      machine,
      executions: await listAllExecutions(sfn, machine.stateMachineArn!),
    })),
  );
}

function expectShortError(result: CliResult, row: Row): void {
  const output = `stdout: ${result.stdout}\nstderr: ${result.stderr}`;
  expect(result.code, output).toBe(row.code ?? 2);
  expect(result.stdout, output).toBe('');
  // AWS chosen by AWS_REGION alone is named before the error, with the way to the local engine.
  if (row.env === AWS_BY_ENV) {
    expect(result.stderr.split('\n')[0]).toBe(
      '→ AWS us-east-1 (from AWS_REGION; --local for the local engine)',
    );
  }
  // Without the target line, which is a notice, not the error.
  const lines = result.stderr
    .trimEnd()
    .split('\n')
    .filter((line) => !line.startsWith('→ '));
  expect(lines.length, output).toBeGreaterThanOrEqual(1);
  expect(lines.length, output).toBeLessThanOrEqual(2);
  const [problem, fix = ''] = lines.length === 2 ? lines : lines[0].split(/; (.*)/s);
  expect(problem, output).toMatch(row.problem);
  expect(fix, output).toMatch(row.fix);
  expect(result.stderr, output).not.toMatch(/^\s+at |Error: .*\n\s+at /m);
}

beforeAll(async () => {
  writeFileSync(tooBig, JSON.stringify({ p: 'x'.repeat(262_144) }));
  writeFileSync(tasks, '{"n": 1}\n');
  const sfn = sfnClient(engine().url);
  await deployBundledWorkflow(sfn);
  const { code } = await runInProcess(
    ['submit', '{"durationSeconds": 0, "pollSeconds": 1}', '--name', 'done-1', '--wait'],
    {
      env: engine().env,
    },
  );
  expect(code).toBe(0);
});

describe(`${rows.length} bad invocations`, () => {
  it('are at least 30', () => expect(rows.length).toBeGreaterThanOrEqual(30));

  it.each(rows.map((row) => [row.args.join(' '), row] as const))('taskctl %s', async (_name, row) => {
    const before = await engineState();
    const result = await runInProcess(row.args, { env: row.env ?? engine().env, input: row.input });
    expectShortError(result, row);
    expect(await engineState()).toEqual(before);
  });
});

describe('the same under --json: one error document on stdout, nothing on stderr', () => {
  it.each([
    [['submit', '{bad', '--json'], 'UsageError'],
    [['sumbit', '{}', '--json'], 'UsageError'],
    [['describe', 'nope', '--json'], 'NotFoundError'],
    [['submit', '--nmae', 'x', '--json'], 'UsageError'],
    [['list', '--status', 'DONE', '--json'], 'UsageError'],
  ])('taskctl %j', async (args, name) => {
    const before = await engineState();
    const result = await runInProcess(args, { env: engine().env });
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toBe('');
    const { error } = JSON.parse(result.stdout);
    expect(error).toMatchObject({ name, exitCode: 2 });
    expect(error.message).not.toContain('\n');
    expect(error.hint).toMatch(/./);
    expect(await engineState()).toEqual(before);
  });
});
