import { figuresOf, formatFigures } from './compare.js';
import { loadCases } from './corpus.js';
import { runCases } from './run.js';

/** Runs one folder of recorded executions on an engine and reports the figures (for bench/conformance.js). */
export async function measure(
  url: string,
  conformanceDir: string,
  folder: 'cases' | 'holdout',
  target: number,
): Promise<{ line: string; divergent: string[] }> {
  const results = await runCases(url, loadCases(folder, conformanceDir));
  const divergent = results
    .filter((r) => !r.comparison.matches)
    .map((r) => `${r.case.name}\n  ${r.comparison.differences.slice(0, 4).join('\n  ')}`);
  return {
    line: formatFigures(`conformance ${folder}`, figuresOf(results.map((r) => r.comparison)), target),
    divergent,
  };
}
