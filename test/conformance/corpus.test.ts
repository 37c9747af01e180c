import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../support/engine.js';
import { figuresOf, formatFigures } from './compare.js';
import { CONFORMANCE_DIR, HANDLERS_DIR, loadCases } from './corpus.js';
import { runCases, type CaseResult } from './run.js';

// Every corpus execution, run on a real engine and held to what AWS recorded. The cases that do
// not match yet are listed in known-divergences.json with their class; one that starts matching
// fails this test until it is taken off the list, so the list stays true.

const cases = loadCases('cases');
const knownDivergences = JSON.parse(
  readFileSync(join(CONFORMANCE_DIR, 'known-divergences.json'), 'utf8'),
) as Record<string, string>;
const engine = useTestEngine({ speed: 100, handlersDir: HANDLERS_DIR });

describe('the conformance corpus', () => {
  let results: CaseResult[] = [];

  it('names the recording each execution was transcribed from', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) expect(c.source.snapshot, c.name).toMatch(/\.snapshot\.json$/);
  });

  it('lists only divergences of cases in the corpus', () => {
    const names = new Set(cases.map((c) => c.name));
    expect(Object.keys(knownDivergences).filter((name) => !names.has(name))).toEqual([]);
  });

  it('runs every execution as AWS recorded it, except the known divergences', async () => {
    results = await runCases(engine().url, cases);
    const figures = figuresOf(results.map((r) => r.comparison));
    console.log(formatFigures('conformance corpus', figures));

    const unexpected = results
      .filter((r) => !r.comparison.matches && !(r.case.name in knownDivergences))
      .map((r) => `${r.case.name}:\n  ${r.comparison.differences.slice(0, 8).join('\n  ')}`);
    const nowMatching = results
      .filter((r) => r.comparison.matches && r.case.name in knownDivergences)
      .map((r) => r.case.name);
    expect(unexpected, 'executions that differ from the recording').toEqual([]);
    expect(nowMatching, 'listed as divergent but now matching: take them off known-divergences.json').toEqual(
      [],
    );
  }, 120_000); // bounds a hang: 160-odd executions take 5–10 s alone, several times that on a loaded machine
});
