import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';

// A hung service: it accepts connections and never answers. Without request timeouts the CLI
// waited for it forever (issue 8).

describe('a service that accepts and never answers', () => {
  let server: Server;
  let url: string;
  const sockets = new Set<Socket>();
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((done) => server.close(done));
  });

  it('makes `list --timeout 1` exit 1 soon, naming the endpoint and the fix', async () => {
    const started = Date.now();
    const { code, stdout, stderr } = await runInProcess(['list', '--endpoint', url, '--timeout', '1']);
    // Three attempts of one second each (the SDK retries a timeout), plus its short backoff.
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`no answer from ${url} within 1s`);
    expect(stderr).toContain('(set by --endpoint)');
    expect(stderr).toContain('--timeout');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('takes TASKCTL_TIMEOUT, and reports the timeout as one JSON error under --json', async () => {
    const { code, stdout, stderr } = await runInProcess(['describe', 'x', '--endpoint', url, '--json'], {
      env: { TASKCTL_TIMEOUT: '500ms' },
    });
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({
      error: {
        name: 'TimeoutError',
        message: expect.stringContaining(`no answer from ${url} within 500ms`),
        hint: expect.stringContaining('--timeout'),
        exitCode: 1,
      },
    });
  });

  it('refuses a timeout that is not one (exit 2, nothing sent)', async () => {
    const before = connections;
    const { code, stderr } = await runInProcess(['list', '--endpoint', url, '--timeout', 'soon']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^--timeout: "soon" is neither seconds nor a duration/);
    expect(connections).toBe(before);
  });
});
