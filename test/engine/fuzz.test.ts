import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useInProcessEngine } from '../support/in-process-engine.js';
import { createMachine, fullHistory, sfnClient, waitForTerminal } from '../support/sdk.js';
import { seededRandom } from '../../src/engine/asl/seeded-random.js';

// Thousands of hostile requests against a real engine over HTTP: malformed JSON, wrong targets and
// types, huge and stalled bodies, concurrent bursts. Every answer must be AWS-shaped, the engine must
// stay up, and what the API shows of state machines, executions and histories must not change.
// FUZZ_SEED=<n> replays a run.

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_130);
const REQUESTS = 5_000;
const CONCURRENCY = 24;
const ACCOUNT = 'arn:aws:states:us-east-1:123456789012';

interface HostileRequest {
  target?: string;
  body: string | Buffer;
  /** Content-Length to claim instead of the body's own. */
  declaredLength?: number;
  method?: string;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(url: string, hostile: HostileRequest): Promise<Answer> {
  const { hostname, port } = new URL(url);
  const body = typeof hostile.body === 'string' ? Buffer.from(hostile.body, 'utf8') : hostile.body;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname,
        port,
        method: hostile.method ?? 'POST',
        agent,
        headers: {
          ...(hostile.target === undefined ? {} : { 'x-amz-target': hostile.target }),
          'content-type': 'application/x-amz-json-1.0',
          'content-length': hostile.declaredLength ?? body.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    // A body refused before it was read makes the engine close the connection mid-upload.
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET'
        ? resolve({ status: 0, headers: {}, body: '' })
        : reject(e),
    );
    req.end(body);
  });
}

/** The problems with one answer: empty when it is a JSON object (200) or an AWS-shaped client error. */
function answerProblems(hostile: HostileRequest, answer: Answer): string[] {
  const label = `${hostile.target ?? '(no target)'} ${String(hostile.body).slice(0, 120)}`;
  if (answer.status === 0) {
    // Only a body too large to read may be cut off; the engine must have said so first, or closed.
    const length = hostile.declaredLength ?? Buffer.byteLength(hostile.body);
    return length > 2 * 1024 * 1024 ? [] : [`connection dropped: ${label}`];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return [`${answer.status} with a body that is not JSON: ${label}`];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return [`${answer.status} with a body that is not a JSON object: ${label}`];
  if (answer.status === 200) return [];
  const error = parsed as { __type?: unknown; message?: unknown };
  const problems: string[] = [];
  if (typeof error.__type !== 'string' || typeof error.message !== 'string')
    problems.push(`${answer.status} without __type and message: ${answer.body.slice(0, 200)} for ${label}`);
  if (answer.headers['x-amzn-errortype'] !== error.__type)
    problems.push(
      `x-amzn-errortype ${String(answer.headers['x-amzn-errortype'])} for ${String(error.__type)}`,
    );
  // Every request here is the client's fault: a 5xx means the engine failed at something.
  if (answer.status >= 500) problems.push(`${answer.status} ${answer.body.slice(0, 300)} for ${label}`);
  return problems;
}

/** What the API shows of every state machine, execution and history. */
async function snapshot(sfn: SFNClient): Promise<unknown> {
  const { stateMachines } = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000 }));
  const shown = [];
  for (const machine of stateMachines!) {
    const { $metadata: _m, ...description } = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: machine.stateMachineArn }),
    );
    const { executions } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, maxResults: 1000 }),
    );
    const details = [];
    for (const execution of executions!) {
      const { $metadata: _d, ...describedExecution } = await sfn.send(
        new DescribeExecutionCommand({ executionArn: execution.executionArn }),
      );
      details.push({ describedExecution, history: await fullHistory(sfn, execution.executionArn!) });
    }
    shown.push({ machine, description, executions, details });
  }
  return shown;
}

/** Builds hostile requests from a seeded generator; every one of them must be refused or change nothing. */
function hostileRequests(random: () => number, known: { machine: string; running: string; done: string }) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (max: number) => Math.floor(random() * max);
  const badStrings = [
    '',
    ' ',
    '\udfff',
    'a\ud800b',
    '\u0000',
    'x'.repeat(81),
    'white space',
    'semi;colon',
    '<tag>',
    '{}',
    '💥',
    '../../etc/passwd',
    `${ACCOUNT}:stateMachine:`,
    `${ACCOUNT}:stateMachine:missing`,
    `${ACCOUNT}:execution:missing:x`,
    `${ACCOUNT}:stateMachine:fuzz-target:999`,
    'arn:aws:states:us-east-1:1:stateMachine:x',
    'é'.repeat(300),
    'y'.repeat(20_000),
  ];
  const anyValue = (depth = 0): unknown => {
    switch (int(depth > 3 ? 5 : 8)) {
      case 0:
        return pick(badStrings);
      case 1:
        return pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1]);
      case 2:
        return pick([true, false]);
      case 3:
        return null;
      case 4:
        return pick(['RUNNING', 'ALL', 'STANDARD', 'EXPRESS', 'REDRIVEN', 'x']);
      case 5:
        return Array.from({ length: int(4) }, () => anyValue(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(FIELDS), anyValue(depth + 1)]));
    }
  };
  const badDefinition = () =>
    pick<unknown>([
      5,
      {},
      [],
      '',
      'not json',
      '{"StartAt":',
      '['.repeat(1_500) + ']'.repeat(1_500),
      '{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"\\udfff","End":true}}}\udfff',
      JSON.stringify({ StartAt: 'A', States: {} }),
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass' } } }),
      JSON.stringify({
        StartAt: 'A',
        States: { A: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } },
      }),
      'x'.repeat(1_048_577),
    ]);
  // Not null: AWS reads a null name as none, and StartExecution then picks one.
  const badName = () => pick<unknown>([...badStrings.slice(0, 10), '../x', 5, {}, ['a']]);
  const badArn = () => pick<unknown>([...badStrings, 5, null, {}, [known.machine]]);
  const badInput = () =>
    pick<unknown>([
      5,
      {},
      'not json',
      '{"a":',
      '['.repeat(1_001) + ']'.repeat(1_001),
      'z'.repeat(262_145),
      '"\udfff"',
    ]);
  const sfn = (operation: string, body: unknown): HostileRequest => ({
    target: `AWSStepFunctions.${operation}`,
    body: JSON.stringify(body),
  });

  // Each shape of request that must be refused, or (for reads) may answer without changing anything.
  const makers: (() => HostileRequest)[] = [
    // malformed bodies
    () => ({
      target: pick([
        'AWSStepFunctions.ListStateMachines',
        'AWSStepFunctions.StartExecution',
        'Logs_20140328.DescribeLogGroups',
      ]),
      body: pick([
        '{',
        '{"a":',
        '}',
        '[',
        'nul',
        '{"stateMachineArn":"x"',
        '\u0000',
        '{"a":1}}',
        '{"a":"\\x"}',
        "{'a':1}",
        '{"a":1,}',
      ]),
    }),
    () => ({
      target: 'AWSStepFunctions.StartExecution',
      body: Buffer.from([0x7b, 0x22, 0xed, 0xbf, 0xbf, 0x22, 0x3a, 0x31, 0x7d]),
    }),
    () => ({
      target: 'AWSStepFunctions.DescribeExecution',
      body: Buffer.from(Array.from({ length: 64 }, () => int(256))),
    }),
    () => ({
      target: 'AWSStepFunctions.ListStateMachines',
      body: pick(['5', '"s"', '[]', 'true', 'null', '[{}]']),
    }),
    () => ({
      target: 'AWSStepFunctions.ListStateMachines',
      body: '{"a":'.repeat(200) + '1' + '}'.repeat(200),
    }),
    // wrong targets
    () => ({
      target: pick([
        'AWSStepFunctions.__proto__',
        'AWSStepFunctions.constructor',
        'AWSStepFunctions.toString',
        'AWSStepFunctions.hasOwnProperty',
        'AWSStepFunctions.',
        'AWSStepFunctions',
        'AWSStepFunctions.StartExecution.Extra',
        'Logs_20140328.__proto__',
        'Nope.ListStateMachines',
        '',
        '\u00e9.x',
        'AWSStepFunctions.startexecution',
      ]),
      body: JSON.stringify(anyValue()),
    }),
    () => ({ target: undefined, body: '{}', method: pick(['POST', 'PUT', 'DELETE', 'PATCH']) }),
    // wrong types and values in mutating operations: each has at least one field AWS refuses
    () => sfn('CreateStateMachine', { name: badName(), definition: anyValue(), roleArn: anyValue() }),
    () =>
      sfn('CreateStateMachine', {
        name: `fuzz-new-${int(1000)}`,
        definition: badDefinition(),
        roleArn: 'arn:aws:iam::123456789012:role/fuzz',
      }),
    () =>
      sfn('CreateStateMachine', {
        name: `fuzz-new-${int(1000)}`,
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
        roleArn: badArn(),
      }),
    () =>
      sfn('CreateStateMachine', {
        name: `fuzz-new-${int(1000)}`,
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
        roleArn: 'arn:aws:iam::123456789012:role/fuzz',
        loggingConfiguration: pick<unknown>([
          { level: 'ALL' },
          { level: 5 },
          { level: 'ALL', destinations: 'x' },
          { level: 'ERROR', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 5 } }] },
          { level: 'ALL', destinations: [{}, {}] },
          { level: 'nope' },
        ]),
      }),
    () =>
      sfn('UpdateStateMachine', { stateMachineArn: badArn(), definition: anyValue(), roleArn: anyValue() }),
    () =>
      sfn('CreateStateMachine', {
        name: `fuzz-new-${int(1000)}`,
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
        roleArn: 'arn:aws:iam::123456789012:role/fuzz',
        ...pick<object>([
          {
            loggingConfiguration: pick<unknown>([
              'x',
              5,
              [],
              true,
              { includeExecutionData: 'yes' },
              { level: ['ALL'] },
            ]),
          },
          { publish: pick<unknown>(['yes', 1, {}, []]) },
          { publish: true, versionDescription: pick<unknown>([{}, 5, [], 'd'.repeat(257)]) },
        ]),
      }),
    () =>
      sfn('UpdateStateMachine', {
        stateMachineArn: known.machine,
        loggingConfiguration: pick<unknown>(['x', 5, [], true, { includeExecutionData: 'yes' }]),
      }),
    () => sfn('UpdateStateMachine', { stateMachineArn: known.machine, definition: badDefinition() }),
    () => sfn('UpdateStateMachine', { stateMachineArn: known.machine, roleArn: badArn() }),
    () => sfn('UpdateStateMachine', { stateMachineArn: known.machine }),
    () => sfn('DeleteStateMachine', { stateMachineArn: badArn() }),
    () => sfn('StartExecution', { stateMachineArn: badArn(), name: anyValue(), input: anyValue() }),
    () => sfn('StartExecution', { stateMachineArn: known.machine, name: badName() }),
    () =>
      sfn('StartExecution', { stateMachineArn: known.machine, name: `fuzz-${int(1000)}`, input: badInput() }),
    () => sfn('StopExecution', { executionArn: badArn(), error: anyValue() }),
    () =>
      sfn('StopExecution', {
        executionArn: known.running,
        error: pick<unknown>([{}, 5, [], 'e'.repeat(257)]),
      }),
    () =>
      sfn('StopExecution', {
        executionArn: known.running,
        cause: pick<unknown>([{}, 5, [], 'c'.repeat(32_769)]),
      }),
    () =>
      sfn('RedriveExecution', { executionArn: pick<unknown>([known.done, known.running, ...badStrings]) }),
    // reads with hostile arguments
    () =>
      sfn(
        pick([
          'DescribeStateMachine',
          'DescribeExecution',
          'DescribeStateMachineForExecution',
          'GetExecutionHistory',
        ]),
        {
          stateMachineArn: pick([known.machine, anyValue()]),
          executionArn: pick([known.done, anyValue()]),
          maxResults: anyValue(),
          nextToken: anyValue(),
          reverseOrder: anyValue(),
          includeExecutionData: anyValue(),
        },
      ),
    () =>
      sfn(pick(['ListStateMachines', 'ListExecutions']), {
        stateMachineArn: pick([known.machine, anyValue()]),
        maxResults: anyValue(),
        nextToken: anyValue(),
        statusFilter: anyValue(),
        redriveFilter: anyValue(),
      }),
    () => sfn('ValidateStateMachineDefinition', { definition: badDefinition(), maxResults: anyValue() }),
    () => ({
      target: pick([
        'Logs_20140328.DescribeLogGroups',
        'Logs_20140328.GetLogEvents',
        'Logs_20140328.FilterLogEvents',
        'Logs_20140328.DescribeLogStreams',
      ]),
      body: JSON.stringify({
        logGroupName: anyValue(),
        logStreamName: anyValue(),
        limit: anyValue(),
        nextToken: anyValue(),
        startTime: anyValue(),
      }),
    }),
    () => ({
      target: pick([
        'Logs_20140328.CreateLogGroup',
        'Logs_20140328.PutLogEvents',
        'Logs_20140328.DeleteLogGroup',
      ]),
      body: JSON.stringify({ logGroupName: badName(), logStreamName: anyValue(), logEvents: anyValue() }),
    }),
    // huge bodies: over the Step Functions request limit, sent or only announced
    () => ({
      target: 'AWSStepFunctions.StartExecution',
      body: Buffer.alloc(2 * 1024 * 1024 + 1 + int(1000), 0x20),
    }),
    () => ({ target: 'AWSStepFunctions.CreateStateMachine', body: '{}', declaredLength: 50 * 1024 * 1024 }),
  ];
  const weights = makers.map((_, index) => (index === makers.length - 2 ? 0.05 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return (): HostileRequest => {
    let roll = random() * total;
    for (let i = 0; i < makers.length; i++) {
      roll -= weights[i];
      if (roll < 0) return makers[i]();
    }
    return makers[0]();
  };
}

const FIELDS = [
  'name',
  'definition',
  'roleArn',
  'stateMachineArn',
  'executionArn',
  'input',
  'maxResults',
  'nextToken',
  'level',
  '__proto__',
  'constructor',
];

/** A body that never completes: headers and part of the body, then silence. */
function stall(url: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nx-amz-target: AWSStepFunctions.ListStateMachines\r\n' +
          'content-type: application/x-amz-json-1.0\r\ncontent-length: 100\r\n\r\n{"max',
      );
    });
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(received)?.[1] ?? 0);
      resolve({ status, body: received.slice(received.indexOf('\r\n\r\n') + 4) });
    });
  });
}

describe('hostile requests', () => {
  // In this process, as the engine's other API tests run it, for a shorter body timeout: the
  // stalled uploads below are refused after it, and the default 10 s would outlast the fuzzing.
  const engine = useInProcessEngine({ speed: 100, bodyTimeoutMs: 3_000 });

  it(`answers ${REQUESTS} hostile requests (seed ${SEED}) with AWS-shaped errors and changes nothing`, async () => {
    const { url } = engine();
    const sfnApi = sfnClient(url);
    const machine = await createMachine(sfnApi, 'fuzz-target', {
      StartAt: 'Sleep',
      States: { Sleep: { Type: 'Wait', Seconds: 99_999_999, End: true } },
    });
    const quick = await createMachine(sfnApi, 'fuzz-quick', {
      StartAt: 'Echo',
      States: { Echo: { Type: 'Pass', Result: { ok: true }, End: true } },
    });
    const { executionArn: running } = await sfnApi.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: 'sleeper' }),
    );
    const { executionArn: done } = await sfnApi.send(
      new StartExecutionCommand({ stateMachineArn: quick, name: 'done', input: '{"n":1}' }),
    );
    await waitForTerminal(sfnApi, done!);
    const before = await snapshot(sfnApi);

    // Stalled uploads first: they must not hold up anyone else, and are refused in time.
    const stalled = Array.from({ length: 4 }, () => stall(url));

    const random = seededRandom(SEED);
    const next = hostileRequests(random, { machine, running: running!, done: done! });
    const problems: string[] = [];
    let sent = 0;
    const worker = async () => {
      while (sent < REQUESTS && problems.length < 20) {
        sent += 1;
        const hostile = next();
        problems.push(...answerProblems(hostile, await send(url, hostile)));
      }
    };
    // Bursts: every worker fires at once, again and again.
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(REQUESTS);

    for (const answer of await Promise.all(stalled)) {
      expect(answer.status).toBe(408);
      expect(JSON.parse(answer.body)).toMatchObject({ __type: 'RequestTimeoutException' });
    }
    const health = await fetch(url);
    expect(await health.json()).toEqual({ service: 'taskctl-engine', status: 'ok' });
    expect(await snapshot(sfnApi)).toEqual(before);
  }, 60_000);
});
