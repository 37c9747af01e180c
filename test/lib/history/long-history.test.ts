import { describe, expect, it } from 'vitest';
import { analyzeHistory, summarizeStates, summarizeVisits } from '../../../src/lib/history/index.js';
import { loadHistory } from './fixtures.js';

// A 25,000-event history: the recorded polling loop's Wait → Check → Choice round repeated.
function longHistory(size: number) {
  const { events } = loadHistory('engine-polling-loop');
  const round = events.slice(6, 6 + 11); // WaitStateEntered … ChoiceStateExited
  const out = events.slice(0, 6).map((e) => ({ ...e }));
  let t = (out[out.length - 1].timestamp as Date).getTime();
  while (out.length < size - 1) {
    for (const e of round) {
      t += 1;
      out.push({ ...e, id: out.length + 1, previousEventId: out.length, timestamp: new Date(t) });
    }
  }
  return out;
}

// Speed is measured in bench/ (never timed in tests: the machine is shared and noisy).
describe('long histories', () => {
  it('summarizes a 25,000-event polling history visit by visit', () => {
    const events = longHistory(25_000);
    expect(events.length).toBeGreaterThanOrEqual(25_000);
    const rounds = Math.floor((events.length - 6) / 11);
    const check = summarizeStates(summarizeVisits(events)).find((s) => s.state === 'CheckTaskStatus');
    expect(check).toMatchObject({ visits: rounds, retries: 0 });
    expect(analyzeHistory(events).events).toHaveLength(events.length);
  });
});
