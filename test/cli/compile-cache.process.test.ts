import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.js';

const CACHE_MODULE = pathToFileURL(join(ROOT, 'bin', 'compile-cache.js')).href;
const cacheName = `compile-cache-${process.version}-${process.arch}`;

/** Each cache entry's path and modification time. */
function entries(): Map<string, number> {
  const directory = join(dir, 'taskctl', cacheName);
  return new Map(readdirSync(directory).map((name) => [name, statSync(join(directory, name)).mtimeMs]));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskctl-compile-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A command that loads @oclif/core and the AWS SDK, and fails at once on a closed port. */
const describeOnClosedPort = (env: Record<string, string>) =>
  runCli(['describe', 'x', '--endpoint', 'http://127.0.0.1:1'], { env: { XDG_CACHE_HOME: dir, ...env } });

describe('the compile cache', () => {
  it('is written by the first run and only read by the next, with the same output', async () => {
    const first = await describeOnClosedPort({});
    const written = entries();
    expect(written.size).toBeGreaterThan(0);

    const second = await describeOnClosedPort({});
    expect(second).toEqual(first);
    expect(second.stderr).toContain('cannot connect');
    // Nothing was compiled anew, so nothing was rewritten: every module came from the cache.
    expect(entries()).toEqual(written);
  });

  it('keeps each command’s entries apart, as V8 caches only what a run compiled', async () => {
    await describeOnClosedPort({});
    const afterDescribe = entries();
    const list = () => runCli(['list', '--endpoint', 'http://127.0.0.1:1'], { env: { XDG_CACHE_HOME: dir } });
    expect((await list()).stderr).toContain('cannot connect');
    const afterList = entries();
    const added = [...afterList.keys()].filter((name) => !afterDescribe.has(name));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((name) => name.endsWith('-list'))).toBe(true);
    for (const [name, written] of afterDescribe) expect(afterList.get(name)).toBe(written);
    await list();
    expect(entries()).toEqual(afterList);
  });

  it('is off with TASKCTL_COMPILE_CACHE=0', async () => {
    const result = await describeOnClosedPort({ TASKCTL_COMPILE_CACHE: '0' });
    expect(result.stderr).toContain('cannot connect');
    expect(existsSync(join(dir, 'taskctl'))).toBe(false);
  });

  it('rewrites damaged entries', async () => {
    await describeOnClosedPort({});
    const directory = join(dir, 'taskctl', cacheName);
    const names = readdirSync(directory);
    for (const name of names) truncateSync(join(directory, name), 3);
    const result = await describeOnClosedPort({});
    expect(result.stderr).toContain('cannot connect');
    for (const name of names) expect(statSync(join(directory, name)).size).toBeGreaterThan(100);
  });

  it('runs a changed module’s new code, even when its length is unchanged', () => {
    const module = join(dir, 'answer.cjs');
    const script = `import { enableCompileCache } from '${CACHE_MODULE}';
      import { createRequire } from 'node:module';
      enableCompileCache('test');
      console.log(createRequire(import.meta.url)(${JSON.stringify(module)}).answer());`;
    const run = () =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, XDG_CACHE_HOME: dir, TASKCTL_COMPILE_CACHE: '' },
        encoding: 'utf8',
      }).trim();

    writeFileSync(module, 'exports.answer = () => "first";');
    expect(run()).toBe('first');
    expect(run()).toBe('first');
    writeFileSync(module, 'exports.answer = () => "other";');
    expect(run()).toBe('other');
  });
});
