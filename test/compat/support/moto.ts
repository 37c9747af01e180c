import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { forward } from '../../support/forward.js';

// moto's server (a second, independent implementation of the AWS APIs) on a free port, fresh
// for each test file, behind a small proxy that records every request taskctl sends, so a test
// can count write calls. Checks go to moto directly (`url`), so they are not recorded.

export const MOTO_PYTHON = process.env.TASKCTL_COMPAT_PYTHON ?? 'python3';
export const INSTALL_HINT = `install it with: pip install 'moto[server]' (then npm run test:compat)`;

/** One request as the service sees it: the operation name, and whether it writes. */
export interface RecordedRequest {
  service: 'states' | 'logs' | 'lambda' | 'iam' | 'other';
  operation: string;
  write: boolean;
}

export interface Moto {
  /** moto itself, for checks with the AWS SDK. */
  url: string;
  /** The recording proxy in front of moto, for taskctl. */
  proxyUrl: string;
  /** What taskctl sent through the proxy since the last reset(). */
  requests: RecordedRequest[];
  reset(): void;
  stop(): Promise<void>;
}

/** The environment taskctl (and the SDK) run with against moto: its fake credentials and region. */
export const MOTO_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
};

/** Fails (never skips) when moto's server cannot be run, naming how to install it. */
export function requireMoto(): void {
  const probe = spawnSync(MOTO_PYTHON, ['-c', 'import moto.server, moto; print(moto.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    const why = probe.error ? `${MOTO_PYTHON} not found` : (probe.stderr.trim().split('\n').pop() ?? '');
    throw new Error(
      `the compat suite needs moto's server, which ${MOTO_PYTHON} cannot load (${why}); ${INSTALL_HINT}`,
    );
  }
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto's server exited (${child.exitCode}):\n${output()}`);
    const answered = await fetch(`${url}/moto-api/`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`moto's server did not answer within 30 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const READ_PREFIXES = /^(Describe|List|Get|Validate)/;

/** Names the operation of one request in any of the four protocols taskctl speaks. */
export function recordRequest(
  method: string,
  path: string,
  headers: Record<string, unknown>,
  body: string,
): RecordedRequest {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix, operation = ''] = target.split('.');
    const service = prefix.startsWith('AWSStepFunctions')
      ? 'states'
      : prefix.startsWith('Logs')
        ? 'logs'
        : 'other';
    return { service, operation, write: !READ_PREFIXES.test(operation) };
  }
  const action = new URLSearchParams(body).get('Action');
  if (action) return { service: 'iam', operation: action, write: !READ_PREFIXES.test(action) };
  if (path.startsWith('/2015-03-31/') || path.startsWith('/2017-03-31/') || path.startsWith('/2021-')) {
    return { service: 'lambda', operation: `${method} ${path.split('?')[0]}`, write: method !== 'GET' };
  }
  return { service: 'other', operation: `${method} ${path}`, write: method !== 'GET' };
}

function startProxy(target: URL, requests: RecordedRequest[]): Promise<Server> {
  const proxy = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push(
        recordRequest(incoming.method ?? 'GET', incoming.url ?? '/', incoming.headers, body.toString('utf8')),
      );
      forward(target, incoming, outgoing, body);
    });
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(proxy)));
}

export async function startMoto(): Promise<Moto> {
  requireMoto();
  const port = await freePort();
  const child = spawn(MOTO_PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString('utf8')).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stopServer = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilAnswering(url, child, () => output);
  } catch (error) {
    await stopServer();
    throw error;
  }
  const requests: RecordedRequest[] = [];
  const proxy = await startProxy(new URL(url), requests);
  return {
    url,
    proxyUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    requests,
    reset: () => void requests.splice(0),
    async stop() {
      await new Promise((resolve) => proxy.close(resolve));
      await stopServer();
    },
  };
}

/** A fresh moto server for the file's tests, always stopped after them. */
export function useMoto(): () => Moto {
  let moto: Moto | undefined;
  beforeAll(async () => {
    moto = await startMoto();
  }, 40_000);
  afterAll(async () => {
    await moto?.stop();
  });
  return () => {
    if (!moto) throw new Error("moto's server did not start");
    return moto;
  };
}
