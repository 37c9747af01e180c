import { request } from 'node:http';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { acceptedHostNames, hostName } from '../../../src/engine/api/host-check.js';
import { useInProcessEngine } from '../../support/in-process-engine.js';

// The Host header check that keeps web pages from reaching the engine by DNS rebinding.

interface RawAnswer {
  status: number;
  errorType?: string;
  body: string;
}

/** One request with the Host header a rebinding page would send. */
function send(
  url: string,
  host: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      { method: body ? 'POST' : 'GET', headers: { ...headers, host } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            errorType: res.headers['x-amzn-errortype'] as string,
            body: text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const sfnCall = (operation: string) => ({
  'x-amz-target': `AWSStepFunctions.${operation}`,
  'content-type': 'application/x-amz-json-1.0',
});

const CREATE = JSON.stringify({
  name: 'rebound',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
});

describe('the Host header check', () => {
  const engine = useInProcessEngine();

  it('refuses a rebound name with 403 AccessDeniedException and changes nothing', async () => {
    const refused = await send(engine().url, 'evil.example', '/', sfnCall('CreateStateMachine'), CREATE);
    expect(refused).toMatchObject({ status: 403, errorType: 'AccessDeniedException' });
    expect(JSON.parse(refused.body)).toMatchObject({
      __type: 'AccessDeniedException',
      message: expect.stringContaining('--allow-host') as unknown,
    });
    const listed = await send(
      engine().url,
      `127.0.0.1:${engine().port}`,
      '/',
      sfnCall('ListStateMachines'),
      '{}',
    );
    expect(JSON.parse(listed.body)).toEqual({ stateMachines: [] });
  });

  it("refuses it on every service and on the engine's own endpoint", async () => {
    const answers = await Promise.all([
      send(engine().url, `evil.example:${engine().port}`, '/', {}),
      send(engine().url, 'evil.example', '/2015-03-31/functions/', {}),
      send(
        engine().url,
        'evil.example',
        '/',
        { 'content-type': 'application/x-www-form-urlencoded' },
        'Action=ListRoles',
      ),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    expect(answers[1].errorType).toBe('AccessDeniedException');
    expect(answers[2].body).toContain('<Code>AccessDeniedException</Code>');
  });

  it.each(['localhost', `localhost:${1}`, 'LOCALHOST.', '127.0.0.1:8083', '[::1]:8083'])(
    'answers Host %s',
    async (host) => {
      const answer = await send(engine().url, host, '/', sfnCall('ListStateMachines'), '{}');
      expect(answer.status).toBe(200);
    },
  );
});

describe('the accepted names', () => {
  it('are the loopback names when bound to loopback', () => {
    expect(acceptedHostNames('127.0.0.1')).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(acceptedHostNames('localhost', ['engine'])).toEqual(['localhost', '127.0.0.1', '::1', 'engine']);
  });

  it('add the bound address and the host name when exposed, and every interface when bound to all', () => {
    expect(acceptedHostNames('192.0.2.7')).toEqual(
      expect.arrayContaining(['192.0.2.7', hostname().toLowerCase()]),
    );
    expect(acceptedHostNames('0.0.0.0')).toEqual(
      expect.arrayContaining(['127.0.0.1', hostname().toLowerCase()]),
    );
  });

  it('read the name out of a Host header', () => {
    expect(['a.example:80', '[::1]:8083', '[::1]', 'LocalHost.'].map(hostName)).toEqual([
      'a.example',
      '::1',
      '::1',
      'localhost',
    ]);
  });
});
