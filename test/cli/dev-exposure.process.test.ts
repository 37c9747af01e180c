import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, runCli } from '../support/cli.js';

// What `taskctl dev` itself says and writes when exposed and given credentials: a warning naming
// the accepted Host names, and the secret nowhere (stderr, engine.json, engine.log, dev status).

const SECRET = 'never-print-this-secret';

describe('taskctl dev --host 0.0.0.0 with TASKCTL_DEV_CREDENTIALS', () => {
  it('warns that it is exposed, and never writes the secret', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-exposed-'));
    const child = spawn(
      process.execPath,
      [BIN, 'dev', '--port', '0', '--host', '0.0.0.0', '--data-dir', dataDir],
      {
        cwd: ROOT,
        env: cleanEnv({ TASKCTL_DEV_CREDENTIALS: `AKIDEXPOSED:${SECRET}` }),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise((done) => child.once('exit', done));
    try {
      await expect.poll(() => output, { timeout: 15_000 }).toContain('Host names answered');
      expect(output).toMatch(/^warning: the engine is exposed beyond this machine on 0\.0\.0\.0/m);
      expect(output).toMatch(/Host names answered: localhost, 127\.0\.0\.1, ::1, 0\.0\.0\.0/);

      const status = await runCli(['dev', 'status', '--data-dir', dataDir, '--json']);
      expect(JSON.parse(status.stdout)).toMatchObject({ running: true });
      const url = (JSON.parse(status.stdout) as { url: string }).url;
      // Unsigned requests are refused; the secret is not in what it answers.
      const refused = await fetch(url, {
        method: 'POST',
        headers: {
          'x-amz-target': 'AWSStepFunctions.ListStateMachines',
          'content-type': 'application/x-amz-json-1.0',
        },
        body: '{}',
      });
      expect(refused.status).toBe(400);
      expect(await refused.text()).not.toContain(SECRET);
      expect(status.stdout + status.stderr).not.toContain(SECRET);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    const files = readdirSync(dataDir).filter((name) => !name.startsWith('engine.db'));
    for (const name of files) expect(readFileSync(join(dataDir, name), 'utf8'), name).not.toContain(SECRET);
    expect(output).not.toContain(SECRET);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a --credentials value that is not KEY:SECRET without echoing it (exit 2)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-exposed-'));
    try {
      const result = await runCli(['dev', '--port', '0', '--data-dir', dataDir, '--credentials', SECRET]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('KEY:SECRET');
      expect(result.stderr + result.stdout).not.toContain(SECRET);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
