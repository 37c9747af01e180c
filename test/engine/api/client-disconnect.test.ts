import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEngine, type RunningEngine } from '../../../src/engine/index.js';

// A client that goes away mid-request is not an engine failure: nothing is logged as an
// internal error, on any of the services.

/** Sends a whole request, then drops the connection before the answer comes. */
function dropBeforeAnswer(port: number, path: string, headers: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
      );
      setTimeout(() => socket.destroy(), 50);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
}

/** Sends the head and part of the body, then drops the connection. */
function dropMidBody(port: number, path: string, headers: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\ncontent-length: 100\r\n\r\n{"a`,
      );
      setTimeout(() => socket.destroy(), 50);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
}

describe('a client that disconnects mid-request', () => {
  let engine: RunningEngine;
  let dataDir: string;
  let handlersDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'taskctl-disconnect-'));
    handlersDir = mkdtempSync(join(tmpdir(), 'taskctl-disconnect-handlers-'));
    writeFileSync(
      join(handlersDir, 'Slow.mjs'),
      'export const handler = () => new Promise((done) => setTimeout(() => done({ ok: true }), 300));',
    );
    // Latency holds every answer back, so the client can leave while its request is in the engine.
    engine = await startEngine({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      handlersDir,
      speed: 1,
      faults: { all: {}, byOperation: { ListStateMachines: { latencyMs: [200, 200] } } },
    });
  });
  afterAll(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(handlersDir, { recursive: true, force: true });
  });

  it('is not logged as an internal error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await dropMidBody(
        engine.port,
        '/',
        'x-amz-target: AWSStepFunctions.ListStateMachines\r\ncontent-type: application/x-amz-json-1.0',
      );
      await dropMidBody(engine.port, '/2015-03-31/functions/f/invocations', 'content-type: application/json');
      await dropMidBody(engine.port, '/', 'content-type: application/x-www-form-urlencoded');
      await dropBeforeAnswer(
        engine.port,
        '/',
        'x-amz-target: AWSStepFunctions.ListStateMachines\r\ncontent-type: application/x-amz-json-1.0',
        '{}',
      );
      await dropBeforeAnswer(
        engine.port,
        '/2015-03-31/functions/Slow/invocations',
        'content-type: application/json',
        '{}',
      );
      await new Promise((done) => setTimeout(done, 400)); // the answers are written to closed connections
      // The engine still answers.
      const answer = await fetch(engine.url, {
        method: 'POST',
        headers: {
          'x-amz-target': 'AWSStepFunctions.ListStateMachines',
          'content-type': 'application/x-amz-json-1.0',
        },
        body: '{}',
      });
      expect(answer.status).toBe(200);
      expect(logged.mock.calls.map((call) => call.map(String).join(' '))).toEqual([]);
    } finally {
      logged.mockRestore();
    }
  });
});
