import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliResult } from '../support/cli.js';
import { runInProcess } from '../support/in-process.js';

// None of these reach a service: a closed port makes any accidental request fail loudly.
const env = { TASKCTL_ENDPOINT: 'http://127.0.0.1:1' };

function expectUsageError(result: CliResult, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines.length, result.stderr).toBeLessThanOrEqual(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('bad input exits 2 with a short message and no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskctl-cli-'));
  const tooBig = join(dir, 'big.json');
  writeFileSync(tooBig, JSON.stringify({ p: 'x'.repeat(262_144) }));

  it.each([
    [['submit', '[1, 2]'], /must be a JSON object, got an array/],
    [['submit', '{bad'], /not valid JSON/],
    [['submit', '@/nonexistent/input.json'], /cannot read input file .*ENOENT/],
    [['submit', `@${tooBig}`], /at most 262144/],
    [['submit', '--name', 'has space'], /execution name "has space" contains a space/],
    [['submit', '--name', 'x'.repeat(81)], /the limit is 80/],
    [['submit', '--nope'], /Nonexistent flag: --nope; see: taskctl submit --help/],
    [['submit', '--endpoint', 'not-a-url'], /--endpoint "not-a-url" is not an http\(s\) URL/],
    [
      ['submit', '--local', '--endpoint', 'http://x:1'],
      /--endpoint=http:\/\/x:1 cannot also be provided when using --local/,
    ],
    [['describe'], /missing argument EXECUTION/],
    [['describe', 'a/b'], /execution name "a\/b" contains "\/"/],
    [['describe', 'arn:aws:states:us-east-1:1:stateMachine:x'], /is not an execution ARN/],
    [['deploy', '--sub', 'novalue'], /--sub "novalue" is not KEY=VALUE/],
    [['deploy', '--definition', '/nonexistent.json'], /cannot read definition file|No file found/],
    [['dev', '--port', '70000'], /--port/],
    [['dev', '--speed', '0'], /--speed: must be a number above 0/],
  ])('taskctl %j', async (args, message) => {
    expectUsageError(await runInProcess(args, { env }), message);
  });

  it('reads - as one JSON document from stdin', async () => {
    expectUsageError(
      await runInProcess(['submit', '-'], { env, input: '[]' }),
      /input from stdin must be a JSON object/,
    );
  });

  it('reports a broken definition with its line and column', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"StartAt": "A",\n "States": {');
    expectUsageError(
      await runInProcess(['deploy', '--definition', file], { env }),
      /broken.json is not valid JSON at line 2/,
    );
  });

  it('names missing substitutions', async () => {
    const file = join(dir, 'subs.json');
    writeFileSync(
      file,
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: '${MyFn}', End: true } } }),
    );
    expectUsageError(
      await runInProcess(['deploy', '--definition', file], { env }),
      /needs values for: MyFn.*--sub MyFn=VALUE/,
    );
  });

  it('prints errors as JSON on stdout under --json', async () => {
    const { code, stdout, stderr } = await runInProcess(['submit', '[1]', '--json'], { env });
    expect(code).toBe(2);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({
      error: expect.objectContaining({
        name: 'UsageError',
        exitCode: 2,
        message: expect.stringMatching(/JSON object/),
      }),
    });
  });

  it('exits 2 for an unknown command', async () => {
    expect((await runInProcess(['frobnicate'], { env })).code).toBe(2);
  });

  it('shows the stack only with DEBUG=taskctl*', async () => {
    const { code, stderr } = await runInProcess(['submit', '[1]'], { env: { ...env, DEBUG: 'taskctl*' } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^\s+at /m);
  });
});

describe('bad usage is refused before the local engine is started', () => {
  it.each([[['watch']], [['watch', 'a/b']]])('taskctl %j', async (args) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-cli-'));
    const free = createServer();
    await new Promise<void>((done) => free.listen(0, '127.0.0.1', done));
    const port = String((free.address() as AddressInfo).port);
    await new Promise((done) => free.close(done));
    const result = await runInProcess(args, { env: { TASKCTL_PORT: port, TASKCTL_DATA_DIR: dataDir } });
    expectUsageError(result, /--all|contains "\/"/);
    expect(result.stderr).not.toMatch(/starting local engine|→/);
    expect(existsSync(join(dataDir, 'engine.json'))).toBe(false);
  });
});

describe('service errors exit 1', () => {
  it.each([
    [500, 'text/html', '<!doctype html><html><body>Internal Server Error</body></html>'],
    [404, undefined, ''],
    [200, 'text/plain', 'hello'],
  ])(
    'names an endpoint that does not answer as Step Functions (HTTP %i, %s), in two lines',
    async (status, type, body) => {
      const server = createHttpServer((request, response) => {
        request.resume().on('end', () => {
          response.writeHead(status, type ? { 'content-type': type } : {});
          response.end(body);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const { code, stdout, stderr } = await runInProcess(['list', '--endpoint', url]);
        expect(code).toBe(1);
        expect(stdout).toBe('');
        expect(stderr).toContain(
          `the service at ${url} did not answer as Step Functions (HTTP ${status}, ${type ?? 'no content type'}); is it a Step Functions endpoint?`,
        );
        expect(stderr).toContain('check the URL set by --endpoint');
        expect(stderr).not.toMatch(/Deserialization|UnknownError|SyntaxError/);
        expect(stderr).not.toMatch(/^\s+at /m);
        // The target line and the error's one or two lines.
        expect(stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(3);
      } finally {
        server.close();
      }
    },
  );

  it('names an endpoint that refuses connections, in two lines', async () => {
    const { code, stdout, stderr } = await runInProcess(['describe', 'x'], { env });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('cannot connect to http://127.0.0.1:1: connection refused');
    expect(stderr).toContain('(set by TASKCTL_ENDPOINT)');
    expect(stderr).not.toMatch(/^\s+at /m);
    // The SDK's Node-version deprecation warning is suppressed when the client is built.
    expect(stderr).not.toContain('NodeVersionSupportWarning');
  });
});
