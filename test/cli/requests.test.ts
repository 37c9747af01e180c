import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';
import { deployBundledWorkflow, sfnClient } from '../support/sdk.js';

// What a command sends, seen by a pass-through proxy in front of a real engine.

const engine = useTestEngine();
let proxy: Server;
let proxyUrl: string;
const operations: string[] = [];

beforeAll(async () => {
  await deployBundledWorkflow(sfnClient(engine().url));
  const target = new URL(engine().url);
  proxy = createServer((incoming, outgoing) => {
    operations.push(String(incoming.headers['x-amz-target']).split('.').pop()!);
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (response) => {
        outgoing.writeHead(response.statusCode!, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 20_000);

afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

describe('requests', () => {
  it('describe of a missing execution sends nothing twice: its other calls are abandoned, not retried', async () => {
    operations.length = 0;
    const result = await runInProcess(['describe', 'nope'], {
      env: { ...engine().env, TASKCTL_ENDPOINT: proxyUrl },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('execution "nope" not found');
    expect(operations).toContain('DescribeExecution');
    expect(operations.length).toBe(new Set(operations).size);
  });
});
