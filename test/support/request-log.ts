import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { forward } from './forward.js';

// A pass-through proxy in front of a test engine that records every request, so a test can count
// what a command wrote ("an unchanged deploy writes nothing").

export interface RequestLog {
  /** The proxy's URL: point the CLI (TASKCTL_ENDPOINT) here. */
  url: string;
  /** Every request since the last clear(): OPERATION (SFN, Logs, IAM) or METHOD PATH (Lambda's REST). */
  requests: string[];
  /** The requests that are not reads (Get…, List…, Describe…, Validate…, Lambda GETs). */
  writes(): string[];
  clear(): void;
}

const isRead = (op: string) => /^(Get|List|Describe|Validate|GET )/.test(op);

/** Starts the proxy before the file's tests (in front of `engineUrl()`) and closes it after them. */
export function useRequestLog(engineUrl: () => string): () => RequestLog {
  let proxy: Server | undefined;
  const log: RequestLog = {
    url: '',
    requests: [],
    writes: () => log.requests.filter((op) => !isRead(op)),
    clear: () => {
      log.requests.length = 0;
    },
  };
  beforeAll(async () => {
    const target = new URL(engineUrl());
    proxy = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const body = Buffer.concat(chunks);
        const amzTarget = incoming.headers['x-amz-target'];
        const action = /(?:^|&)Action=(\w+)/.exec(body.toString('latin1'))?.[1];
        log.requests.push(
          amzTarget ? String(amzTarget).split('.').pop()! : (action ?? `${incoming.method} ${incoming.url}`),
        );
        forward(target, incoming, outgoing, body);
      });
    });
    await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
    log.url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  }, 20_000);
  afterAll(() => new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve())));
  return () => log;
}
