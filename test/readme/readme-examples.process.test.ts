import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from '../support/cli.js';
import { startTestEngine, useTestEngine } from '../support/engine.js';

// Keeps README.md true: every ```console block marked `<!-- example: NAME -->` is run, in README
// order, with the real built CLI against a real engine, and its exit code and output must match.
// Spawned, not in-process: the README promises what a user's shell shows from the installed
// binary (bin/'s fast path and bundle included), and `dev status`/`dev stop` act on the engine's
// process; the dozen examples cost a few seconds.
//
// - The first line is `$ taskctl ARGS`; the rest is the expected output, stdout and stderr as a
//   terminal shows them. Each stream's lines must appear in order, and nothing else may be printed.
// - `…` in an expected line stands for a part that varies between runs (names, dates, durations).
// - `exit=N` in the marker gives the expected exit code (default 0).
// - `<!-- example: no-run: REASON -->` blocks are not run, and must say why: `taskctl dev`, which
//   runs in the foreground until Ctrl-C (startTestEngine() runs exactly that command and waits
//   for its "listening" line, so every test here relies on it working), and the picture of the
//   live `watch` view on a terminal.
// - Every command in oclif.manifest.json has a `### \`taskctl COMMAND …\`` section with at least
//   one example of that command, so a new command without docs fails here.
//
// The README shows the default target, the local engine on port 8083. The test engine listens on
// an ephemeral port instead, so the CLI is pointed at it the way a user's engine is found
// (TASKCTL_PORT + TASKCTL_DATA_DIR, not TASKCTL_ENDPOINT, which would print "→ endpoint …") and
// the port is written back as 8083 before comparing.

const README = join(ROOT, 'README.md');
const README_PORT = 8083;

interface Example {
  name: string;
  line: number;
  args: string[];
  expected: string[];
  exitCode: number;
  run: boolean;
  /** The command of the `### \`taskctl …\`` section the example is in, e.g. "dev status". */
  section?: string;
}

// `<!-- example: NAME -->`, `<!-- example: NAME exit=3 -->` or `<!-- example: no-run: REASON -->`.
const MARKER = /^<!-- example: (?:(no-run): (\S.*\S)|([\w-]+)(?: exit=(\d+))?) -->$/;
const SECTION = /^### `taskctl ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)*)/;

/** The README's marked console examples, in order. Throws if a console block is unmarked. */
function parseExamples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  let section: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('#')) section = SECTION.exec(lines[i])?.[1];
    if (lines[i] !== '```console') continue;
    let m = i - 1;
    while (m >= 0 && lines[m].trim() === '') m--;
    const marker = MARKER.exec(lines[m] ?? '');
    if (!marker) {
      throw new Error(
        `README.md:${i + 1}: console block without <!-- example: NAME --> or <!-- example: no-run: REASON -->`,
      );
    }
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`README.md:${i + 1}: unterminated console block`);
    if (marker[3] === 'no-run')
      throw new Error(`README.md:${m + 1}: say why: <!-- example: no-run: REASON -->`);
    const [command, ...expected] = lines.slice(i + 1, end);
    if (!command?.startsWith('$ taskctl ')) {
      throw new Error(`README.md:${i + 2}: an example starts with "$ taskctl …", got "${command}"`);
    }
    examples.push({
      name: marker[1] ?? marker[3],
      line: i + 1,
      args: splitShellWords(command.slice('$ taskctl '.length)),
      expected: trimLines(expected),
      exitCode: Number(marker[4] ?? 0),
      run: marker[1] === undefined,
      section,
    });
    i = end;
  }
  return examples;
}

/** Splits a command line the way sh would for the quoting the README uses ('…', "…", \x). */
function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new Error(`unbalanced ${c} in: ${text}`);
      word = (word ?? '') + text.slice(i + 1, close);
      i = close;
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The commands in oclif.manifest.json without a README section that shows them, or whose section shows none. */
function undocumentedCommands(commandIds: string[], examples: Example[]): string[] {
  return commandIds
    .map((id) => id.replaceAll(':', ' '))
    .filter((command) => {
      const words = command.split(' ');
      // An example of `dev` is one of `dev`, not of `dev status`: its section is `dev` too.
      return !examples.some(
        (example) => example.section === command && words.every((word, i) => example.args[i] === word),
      );
    });
}

function trimLines(lines: string[]): string[] {
  const trimmed = lines.map((line) => line.trimEnd());
  while (trimmed.length && trimmed[trimmed.length - 1] === '') trimmed.pop();
  return trimmed;
}

/** An expected line as a regex: literal text, with `…` matching any non-empty run. */
function linePattern(expected: string): RegExp {
  const parts = expected.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+?')}$`);
}

/**
 * Matches the expected lines against the two streams: each expected line is the next line of
 * stdout or of stderr, and every line of both must be accounted for. Returns the first problem.
 */
function matchOutput(expected: string[], stdout: string[], stderr: string[]): string | undefined {
  let out = 0;
  let err = 0;
  for (const [i, line] of expected.entries()) {
    const pattern = linePattern(line);
    if (out < stdout.length && pattern.test(stdout[out])) out++;
    else if (err < stderr.length && pattern.test(stderr[err])) err++;
    else {
      return `expected line ${i + 1} ${JSON.stringify(line)}, but the next stdout line is ${JSON.stringify(
        stdout[out] ?? '(end)',
      )} and the next stderr line is ${JSON.stringify(stderr[err] ?? '(end)')}`;
    }
  }
  if (out < stdout.length) return `unexpected stdout line ${JSON.stringify(stdout[out])}`;
  if (err < stderr.length) return `unexpected stderr line ${JSON.stringify(stderr[err])}`;
  return undefined;
}

function outputLines(text: string, port: number): string[] {
  return trimLines(text.replaceAll(`127.0.0.1:${port}`, `127.0.0.1:${README_PORT}`).split('\n'));
}

function check(example: Example, result: CliResult, port: number): void {
  const problem = matchOutput(
    example.expected,
    outputLines(result.stdout, port),
    outputLines(result.stderr, port),
  );
  const report = [
    `README.md:${example.line} example "${example.name}": taskctl ${example.args.join(' ')}`,
    problem ?? '',
    `--- stdout\n${result.stdout}--- stderr\n${result.stderr}`,
  ].join('\n');
  expect(result.code, report).toBe(example.exitCode);
  expect(problem, report).toBeUndefined();
}

describe('the matcher', () => {
  it('accepts interleaved streams and wildcards, and rejects drift, missing and extra lines', () => {
    const expected = ['→ target', 'arn:…:task-1', 'task-1 SUCCEEDED in …'];
    expect(
      matchOutput(expected, ['arn:aws:task-1'], ['→ target', 'task-1 SUCCEEDED in 1.2s']),
    ).toBeUndefined();
    expect(matchOutput(expected, ['arn:aws:task-2'], ['→ target', 'task-1 SUCCEEDED in 1s'])).toMatch(
      /expected line 2/,
    );
    expect(matchOutput(expected, ['arn:aws:task-1'], ['→ target'])).toMatch(/expected line 3/);
    expect(matchOutput(expected, ['arn:aws:task-1', 'more'], ['→ target', 'task-1 SUCCEEDED in 1s'])).toMatch(
      /unexpected stdout line "more"/,
    );
    expect(linePattern('in …').test('in ')).toBe(false);
    expect(splitShellWords(`submit '{"a": 1}' --name "x y" a\\ b`)).toEqual([
      'submit',
      '{"a": 1}',
      '--name',
      'x y',
      'a b',
    ]);
  });
});

describe('the section check', () => {
  const markdown = (marker: string) =>
    [
      '### `taskctl dev`',
      '<!-- example: no-run: runs until Ctrl-C -->',
      '```console',
      '$ taskctl dev',
      '```',
      '### `taskctl dev status`',
      '### `taskctl stop EXECUTION`',
      marker,
      '',
      '```console',
      '$ taskctl stop task-1',
      'stopped task-1',
      '```',
    ].join('\n');

  it('finds a command with no section or no example of it, and needs a reason to skip one', () => {
    const examples = parseExamples(markdown('<!-- example: stop exit=0 -->'));
    expect(examples.map((example) => [example.section, example.run])).toEqual([
      ['dev', false],
      ['stop', true],
    ]);
    expect(undocumentedCommands(['dev', 'stop'], examples)).toEqual([]);
    // `dev status` has a section but no example; `watch` has neither.
    expect(undocumentedCommands(['dev', 'dev:status', 'stop', 'watch'], examples)).toEqual([
      'dev status',
      'watch',
    ]);
    expect(() => parseExamples(markdown('<!-- example: no-run -->'))).toThrow(/say why/);
    expect(() => parseExamples(markdown('<!-- example: stop extra -->'))).toThrow(/without <!-- example/);
  });
});

describe('README.md sections', () => {
  const examples = parseExamples(readFileSync(README, 'utf8'));

  it('has a section with an example for every command in oclif.manifest.json', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, unknown>;
    };
    const commands = Object.keys(manifest.commands);
    expect(commands).toEqual(expect.arrayContaining(['deploy', 'dev', 'dev:status', 'stop', 'watch']));
    expect(undocumentedCommands(commands, examples)).toEqual([]);
  });

  it('runs every example except the marked no-run ones (dev, which blocks, and the TTY picture)', () => {
    expect(examples.filter((example) => !example.run).map((example) => example.args[0])).toEqual([
      'dev',
      'watch',
    ]);
  });
});

describe('README.md examples', () => {
  const examples = parseExamples(readFileSync(README, 'utf8'));
  const engine = useTestEngine({ speed: 20 });

  for (const example of examples.filter((candidate) => candidate.run)) {
    it(`${example.name}: taskctl ${example.args.join(' ')}`, async () => {
      const isDevStop = example.args[0] === 'dev' && example.args[1] === 'stop';
      // `dev stop` would stop the engine the later examples need: it gets an engine of its own.
      const target = isDevStop ? await startTestEngine() : engine();
      try {
        const { TASKCTL_ENDPOINT: _endpoint, ...env } = target.env;
        const result = await runCli(example.args, {
          env: { ...env, TASKCTL_PORT: String(target.port) },
          timeoutMs: 15_000,
        });
        check(example, result, target.port);
      } finally {
        if (isDevStop) await target.stop();
      }
    }, 20_000);
  }
});
