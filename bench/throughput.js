// Engine throughput: 1,000 executions of Pass -> Wait 0 -> Choice -> Succeed against a real
// engine process over HTTP with the AWS SDK; state transitions per second, durable (every
// transition committed to SQLite before the next). Target: >= 2,000 transitions/s.
import { StartExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { createStateMachine, report, sfnClient, startEngine } from './support.js';

const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 1000);
const CONCURRENCY = 32;
const STATES_PER_EXECUTION = 4;
const TARGET = 2000;

const definition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: { ready: true }, ResultPath: '$.prep', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 0, Next: 'Decide' },
    Decide: {
      Type: 'Choice',
      Choices: [{ Variable: '$.prep.ready', BooleanEquals: true, Next: 'Done' }],
      Default: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

const engine = await startEngine();
try {
  const sfn = sfnClient(engine.url);
  const stateMachineArn = await createStateMachine(sfn, 'bench-throughput', definition);

  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < EXECUTIONS) {
        const i = next++;
        await sfn.send(
          new StartExecutionCommand({ stateMachineArn, name: `run-${i}`, input: JSON.stringify({ i }) }),
        );
      }
    }),
  );
  for (;;) {
    const { executions } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED', maxResults: 1000 }),
    );
    if (executions.length >= EXECUTIONS) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  const perSecond = Math.round((EXECUTIONS * STATES_PER_EXECUTION) / seconds);
  console.log(
    `${EXECUTIONS} executions, ${EXECUTIONS * STATES_PER_EXECUTION} state transitions in ${seconds.toFixed(2)} s`,
  );
  report('engine throughput', perSecond, 'state transitions/s', `>= ${TARGET}`, perSecond >= TARGET);
} finally {
  await engine.stop();
}
