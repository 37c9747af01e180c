import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestEngine } from '../support/engine.js';
import { forward } from '../support/forward.js';
import { runInProcess } from '../support/in-process.js';
import { sfnClient } from '../support/sdk.js';

// An endpoint that lacks ValidateStateMachineDefinition, as moto and Step Functions Local do: a
// proxy in front of a real engine answers that one operation as they do and forwards the rest.

const engine = useTestEngine();
const dir = mkdtempSync(join(tmpdir(), 'taskctl-validate-locally-'));
const NOTICE = 'the endpoint does not implement ValidateStateMachineDefinition; validated locally';

type Answer = { status: number; type?: string; body: string };
/** How the proxy answers ValidateStateMachineDefinition; set per test. */
let validateAnswer: Answer;
let proxy: Server;
let proxyUrl: string;

beforeAll(async () => {
  const target = new URL(engine().url);
  proxy = createServer((incoming, outgoing) => {
    if (incoming.headers['x-amz-target'] === 'AWSStepFunctions.ValidateStateMachineDefinition') {
      incoming.resume().on('end', () => {
        outgoing.writeHead(
          validateAnswer.status,
          validateAnswer.type ? { 'content-type': validateAnswer.type } : {},
        );
        outgoing.end(validateAnswer.body);
      });
      return;
    }
    forward(target, incoming, outgoing);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

const MOTO_500: Answer = {
  status: 500,
  type: 'text/html; charset=utf-8',
  body: '<!doctype html><html lang=en><title>500 Internal Server Error</title><h1>Internal Server Error</h1>',
};

function definitionFile(name: string, definition: object): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(definition));
  return file;
}
const deploy = (file: string, name: string, ...extra: string[]) =>
  runInProcess(['deploy', '--endpoint', proxyUrl, '--definition', file, '--name', name, ...extra]);
const machineNames = async () => {
  const listed = await sfnClient(engine().url).send(new ListStateMachinesCommand({}));
  return (listed.stateMachines ?? []).map((machine) => machine.name);
};
const pass = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

describe('deploy where the endpoint lacks ValidateStateMachineDefinition', () => {
  it('validates locally after an HTML 500, says so in one line, and deploys', async () => {
    validateAnswer = MOTO_500;
    const { code, stdout, stderr } = await deploy(definitionFile('pass', pass), 'moto-like');
    expect(code).toBe(0);
    expect(stderr.split('\n')).toContain(NOTICE);
    expect(stderr).not.toMatch(/Deserialization|doctype/i);
    expect(stdout.trim()).toMatch(/:stateMachine:moto-like$/);
    expect(await machineNames()).toContain('moto-like');
  });

  it("validates locally after Step Functions Local's UnknownOperationException", async () => {
    validateAnswer = {
      status: 400,
      type: 'application/x-amz-json-1.0',
      body: JSON.stringify({ __type: 'com.amazon.coral.service#UnknownOperationException' }),
    };
    const { code, stderr } = await deploy(definitionFile('pass', pass), 'sfn-local-like');
    expect(code).toBe(0);
    expect(stderr).toContain(NOTICE);
    expect(await machineNames()).toContain('sfn-local-like');
  });

  it('refuses an invalid definition found locally: diagnostics, exit 2, nothing created', async () => {
    validateAnswer = MOTO_500;
    const bad = definitionFile('bad', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } });
    const { code, stdout, stderr } = await deploy(bad, 'bad-locally');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(NOTICE);
    expect(stderr).toMatch(/^ERROR MISSING_TRANSITION_TARGET .*: Missing .*Missing$/m);
    expect(stderr).toMatch(/the definition has \d+ errors?; fix them and deploy again/);
    expect(await machineNames()).not.toContain('bad-locally');
  });

  it('still names a program that is not Step Functions (an HTML 404), without the notice', async () => {
    validateAnswer = { status: 404, type: 'text/html', body: '<html><body>Not Found</body></html>' };
    const { code, stderr } = await deploy(definitionFile('pass', pass), 'not-sfn');
    expect(code).toBe(1);
    expect(stderr).toContain(
      `the service at ${proxyUrl} did not answer as Step Functions (HTTP 404, text/html)`,
    );
    expect(stderr).not.toContain(NOTICE);
    expect(await machineNames()).not.toContain('not-sfn');
  });
});
