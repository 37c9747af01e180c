import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noColorRequested } from '../../src/lib/render/style.js';
import { BIN, ROOT } from '../support/cli.js';

// Colour on a terminal: util-linux `script` gives the CLI a pseudo-TTY for stdout and stderr.
const SCRIPT = '/usr/bin/script';

function onTerminal(args: string[], env: Record<string, string | undefined>): string {
  const command = [process.execPath, BIN, ...args].map((arg) => `'${arg}'`).join(' ');
  const result = spawnSync(SCRIPT, ['-qec', command, '/dev/null'], {
    cwd: ROOT,
    // A closed port: the command fails at once with a red error line. The environment is built
    // from scratch: chalk turns colour off under CI markers such as `CI`, whatever the terminal.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TERM: 'xterm',
      TASKCTL_ENDPOINT: 'http://127.0.0.1:1',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return result.stdout;
}

describe('colour', () => {
  it('NO_COLOR turns it off unless FORCE_COLOR is set', () => {
    expect(noColorRequested({ NO_COLOR: '1' })).toBe(true);
    expect(noColorRequested({ NO_COLOR: '' })).toBe(false);
    expect(noColorRequested({})).toBe(false);
    expect(noColorRequested({ NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it.skipIf(!existsSync(SCRIPT))('is used on a terminal, and not with NO_COLOR there', () => {
    const coloured = onTerminal(['describe', 'x'], { NO_COLOR: undefined });
    expect(coloured).toContain('cannot connect');
    expect(coloured).toContain('\u001b[');
    const plain = onTerminal(['describe', 'x'], { NO_COLOR: '1' });
    expect(plain).toContain('cannot connect');
    expect(plain).not.toContain('\u001b[');
  });
});
