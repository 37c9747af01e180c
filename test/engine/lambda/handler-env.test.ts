import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  handlerEnvironment,
  NO_PROFILE_FILES,
  PLACEHOLDER_CREDENTIALS,
} from '../../../src/engine/lambda/handler-env.js';
import { LambdaRuntime, type InvocationResult } from '../../../src/engine/lambda/index.js';
import { LogStore } from '../../../src/engine/store/logs.js';

// Handlers are user code: they get Lambda's variables and placeholder credentials of their own,
// never the engine's AWS credentials, profile or taskctl settings.

const ENGINE_SECRETS = {
  AWS_ACCESS_KEY_ID: 'AKIAENGINEOWNER00000',
  AWS_SECRET_ACCESS_KEY: 'engine-owner-secret',
  AWS_SESSION_TOKEN: 'engine-owner-token',
  AWS_PROFILE: 'prod',
  AWS_ENDPOINT_URL: 'https://example.invalid',
  TASKCTL_DEV_CREDENTIALS: 'KEY:SECRET',
};

describe('the environment a handler runs with', () => {
  const saved = { ...process.env };
  let dir: string | undefined;
  let runtime: LambdaRuntime | undefined;
  let db: Database.Database | undefined;
  afterEach(async () => {
    await runtime?.close();
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const key of [...Object.keys(ENGINE_SECRETS), 'HOME']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it("holds placeholder credentials and Lambda's variables, not the engine's credentials", async () => {
    dir = mkdtempSync(join(tmpdir(), 'taskctl-handler-env-'));
    mkdirSync(join(dir, 'home', '.aws'), { recursive: true });
    writeFileSync(join(dir, 'home', '.aws', 'config'), '[default]\nregion = eu-west-1\n');
    writeFileSync(
      join(dir, 'home', '.aws', 'credentials'),
      '[default]\naws_secret_access_key = engine-owner-profile\n',
    );
    Object.assign(process.env, ENGINE_SECRETS, { HOME: join(dir, 'home') });
    writeFileSync(
      join(dir, 'Env.mjs'),
      // What the SDK's profile loader would read: the files AWS_CONFIG_FILE and
      // AWS_SHARED_CREDENTIALS_FILE name, else ~/.aws (here the owner's, with a profile in it).
      `import { readFileSync } from 'node:fs';
      export const handler = async () => ({
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(AWS_|TASKCTL_|PATH$)/.test(k))),
        profileFiles: [process.env.AWS_CONFIG_FILE ?? process.env.HOME + '/.aws/config',
          process.env.AWS_SHARED_CREDENTIALS_FILE ?? process.env.HOME + '/.aws/credentials']
          .map((file) => readFileSync(file, 'utf8')).join(''),
      });`,
    );
    db = new Database(':memory:');
    runtime = new LambdaRuntime({
      handlersDirs: [dir],
      logs: new LogStore(db, { now: () => Date.now() }),
      clock: { now: () => Date.now() },
      region: 'eu-west-1',
      accountId: '123456789012',
    });
    const result = await runtime.invoke('Env', {}, { timeoutMs: 10_000 });
    expect(result.kind).toBe('succeeded');
    const env = (result as Extract<InvocationResult, { kind: 'succeeded' }>).output as Record<string, string>;
    expect(env).toMatchObject({
      ...PLACEHOLDER_CREDENTIALS,
      AWS_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'Env',
    });
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    for (const key of ['AWS_PROFILE', 'AWS_ENDPOINT_URL', 'TASKCTL_DEV_CREDENTIALS'])
      expect(env).not.toHaveProperty(key);
    expect(JSON.stringify(env)).not.toContain('engine-owner');
    expect(env.profileFiles).toBe(''); // the owner's ~/.aws is not readable through the SDK's variables
    expect(env.PATH).toBe(process.env.PATH); // the rest of the environment is inherited
  });

  it("lets a function's own Environment through but not over the reserved variables", () => {
    const env = handlerEnvironment(
      { HOME: '/home/u', AWS_SECRET_ACCESS_KEY: 'x' },
      { GREETING: 'hi', AWS_ACCESS_KEY_ID: 'mine' },
      { AWS_REGION: 'us-east-1' },
    );
    expect(env).toEqual({
      HOME: '/home/u',
      GREETING: 'hi',
      AWS_REGION: 'us-east-1',
      ...PLACEHOLDER_CREDENTIALS,
      ...NO_PROFILE_FILES,
    });
  });
});
