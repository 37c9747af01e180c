import { describe, expect, it } from 'vitest';
import { Backoff, pollUntil, pollUntilTerminal } from '../../src/lib/wait.js';

describe('Backoff', () => {
  it('backs off ×1.5 from 250 ms to 5 s while quiet, and resets on change', () => {
    const backoff = new Backoff();
    const quiet = Array.from({ length: 10 }, () => backoff.next(false));
    expect(quiet.slice(0, 4)).toEqual([375, 563, 845, 1268]);
    expect(quiet.at(-1)).toBe(5_000);
    expect(backoff.next(true)).toBe(250);
  });

  it('doubles after throttling, past the quiet ceiling up to the penalty ceiling', () => {
    const backoff = new Backoff({ maxMs: 5_000, penaltyMaxMs: 30_000 });
    expect(backoff.penalize()).toBe(500);
    for (let i = 0; i < 10; i++) backoff.penalize();
    expect(backoff.delayMs).toBe(30_000);
    expect(backoff.next(false)).toBe(20_000); // quiet polls ease back towards the 5 s ceiling
    for (let i = 0; i < 10; i++) backoff.next(false);
    expect(backoff.delayMs).toBe(5_000);
    expect(backoff.next(true)).toBe(250);
  });
});

describe('pollUntil', () => {
  it('polls until a value comes back, the gaps growing from the first delay', async () => {
    const at: number[] = [];
    const started = performance.now();
    const polling = pollUntil(
      async () => (at.push(performance.now() - started), at.length === 4 ? 'done' : undefined),
      { initialMs: 20, factor: 2, maxMs: 1_000 },
    );
    expect(at).toHaveLength(1); // the first poll does not wait: it ran before any timer could fire
    const value = await polling;
    expect(value).toBe('done');
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeGreaterThanOrEqual(39);
    expect(gaps[2]).toBeGreaterThanOrEqual(79);
  });

  it('with waitFirst, waits one delay before the first poll', async () => {
    const started = performance.now();
    let firstAt = 0;
    await pollUntil(async () => (firstAt = performance.now() - started), { initialMs: 30, waitFirst: true });
    expect(firstAt).toBeGreaterThanOrEqual(29);
  });

  it('rejects with an AbortError when aborted while waiting', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    await expect(
      pollUntilTerminal(async () => ({ status: 'RUNNING' }), { signal: abort.signal, initialMs: 5 }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('pollUntilTerminal reports each status and returns the terminal description', async () => {
    const statuses = ['RUNNING', 'RUNNING', 'FAILED'];
    const seen: Array<string | undefined> = [];
    const final = await pollUntilTerminal(async () => ({ status: statuses.shift() }), {
      initialMs: 1,
      onPoll: (status) => seen.push(status),
    });
    expect(final).toEqual({ status: 'FAILED' });
    expect(seen).toEqual(['RUNNING', 'RUNNING', 'FAILED']);
  });
});
