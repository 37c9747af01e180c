// Pre-renders `taskctl --help`, `taskctl help`, `taskctl COMMAND --help` and `taskctl help COMMAND`
// at build time with oclif's own help renderer, into dist/help.json, so that bin/run.js can
// answer them without loading @oclif/core (see bin/fast-path.js for when it may).
//
// The text is rendered exactly as a user would get it with stdout redirected: in a child
// process whose stdout is a pipe (oclif then wraps at 80 columns) and without colour.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, 'dist', 'help.json');

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(await renderAll()));
} else {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(TASKCTL_|OCLIF_|DEBUG$|FORCE_COLOR$|NODE_OPTIONS$)/.test(key)) env[key] = value;
  }
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], {
    cwd: root,
    env: { ...env, NO_COLOR: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`rendering help failed (exit ${child.status})`);
  const rendered = JSON.parse(child.stdout);
  writeFileSync(output, JSON.stringify(rendered) + '\n');
  console.log(`wrote ${Object.keys(rendered.forms).length} pre-rendered help requests to ${output}`);
}

/** Runs oclif once per help request, in this process, capturing exactly what it writes. */
async function renderAll() {
  const { run } = await import('@oclif/core/run');
  const { Config } = await import('@oclif/core/config');
  const ansis = createRequire(import.meta.resolve('@oclif/core'))('ansis');
  if (process.stdout.isTTY || ansis.isSupported())
    throw new Error('help must be rendered without a TTY or colour');

  const config = await Config.load(root);
  const ids = new Set();
  for (const command of config.commands) {
    // oclif re-evaluates dynamic flag defaults when showing such a command's help.
    if (command.hasDynamicHelp) continue;
    for (const id of [command.id, ...(command.aliases ?? [])]) ids.add(id);
  }
  for (const topic of config.topics) ids.add(topic.name);

  const requests = [[], ['--help'], ['help']];
  for (const id of [...ids].sort()) {
    const words = id.split(':');
    requests.push([...words, '--help'], ['help', ...words]);
  }

  const forms = {};
  const texts = [];
  for (const argv of requests) {
    const text = await capture(() => run(argv, root));
    if (text === undefined) continue;
    if (!texts.includes(text)) texts.push(text);
    forms[JSON.stringify(argv)] = texts.indexOf(text);
  }
  return {
    name: config.name,
    version: config.version,
    userAgent: config.userAgent,
    columns: 80,
    forms,
    texts,
  };
}

/** stdout of one oclif run, or undefined if it wrote to stderr, failed or set an exit code. */
async function capture(action) {
  const writes = { stdout: '', stderr: '' };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ['stdout', 'stderr']) {
    process[name].write = (chunk, encoding, callback) => {
      writes[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const done = typeof encoding === 'function' ? encoding : callback;
      if (done) process.nextTick(done);
      return true;
    };
  }
  const exitCode = process.exitCode;
  try {
    await action();
  } catch {
    return undefined;
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
  const failed = writes.stderr !== '' || (process.exitCode ?? 0) !== 0;
  process.exitCode = exitCode;
  return failed ? undefined : writes.stdout;
}
