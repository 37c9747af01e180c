import { describe, expect, it } from 'vitest';
import { readRedriveRequest, type RequestIo } from '../../../src/lib/redrive/request.js';

const arn = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:${name}`;
const terminal: RequestIo = { stdinIsTTY: true, readStdin: async () => '' };
const piped = (text = ''): RequestIo => ({ stdinIsTTY: false, readStdin: async () => text });

describe('readRedriveRequest', () => {
  it('one execution is not bulk and needs no --yes, even without a terminal', async () => {
    const request = await readRedriveRequest(['task-1'], {}, piped());
    expect(request).toEqual({
      refs: [{ kind: 'name', name: 'task-1' }],
      failed: false,
      bulk: false,
      confirm: false,
    });
  });

  it('several executions, - or --failed are bulk: --yes is needed without a terminal, a question on one', async () => {
    for (const [given, flags] of [
      [['a', 'b'], {}],
      [[], { failed: true }],
    ] as const) {
      await expect(readRedriveRequest(given, flags, piped())).rejects.toThrow(/needs --yes/);
      expect(await readRedriveRequest(given, flags, terminal)).toMatchObject({ bulk: true, confirm: true });
      expect(await readRedriveRequest(given, { ...flags, yes: true }, piped())).toMatchObject({
        confirm: false,
      });
      expect(await readRedriveRequest(given, { ...flags, 'dry-run': true }, piped())).toMatchObject({
        confirm: false,
      });
    }
  });

  it('- always needs --yes (stdin carries the executions), and reads them from stdin', async () => {
    await expect(
      readRedriveRequest(['-'], {}, { ...terminal, readStdin: async () => arn('a') }),
    ).rejects.toThrow(/needs --yes/);
    const request = await readRedriveRequest(['-'], { yes: true }, piped(`${arn('a')}\n${arn('b')}\n`));
    expect(request.refs.map((ref) => ref.kind === 'arn' && ref.name)).toEqual(['a', 'b']);
  });

  it('rejects contradictory or missing arguments, bad names and bad --since before anything else', async () => {
    await expect(readRedriveRequest([], {}, terminal)).rejects.toThrow('missing argument EXECUTION');
    await expect(readRedriveRequest(['-', 'a'], { yes: true }, piped())).rejects.toThrow(
      /- cannot be combined/,
    );
    await expect(readRedriveRequest(['a'], { failed: true }, terminal)).rejects.toThrow(
      /--failed cannot be combined/,
    );
    await expect(readRedriveRequest(['bad name'], {}, terminal)).rejects.toMatchObject({ exitCode: 2 });
    await expect(readRedriveRequest([], { failed: true, since: 'soon', yes: true }, piped())).rejects.toThrow(
      /--since/,
    );
    const since = await readRedriveRequest([], { failed: true, since: '2h', yes: true }, piped());
    expect(Date.now() - since.since!.getTime()).toBeGreaterThanOrEqual(2 * 3_600_000);
  });
});
