import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createMachine, fullHistory, sfnClient, waitForTerminal } from '../support/sdk.js';
import { compareExecution, type CaseComparison } from './compare.js';
import type { CorpusCase } from './corpus.js';

// Runs corpus cases on an engine (over HTTP, with the real SDK) and compares each with its recording.

export interface CaseResult {
  case: CorpusCase;
  comparison: CaseComparison;
}

export async function runCases(url: string, cases: CorpusCase[], concurrency = 24): Promise<CaseResult[]> {
  const sfn = sfnClient(url);
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < cases.length; index = next++) {
      results[index] = { case: cases[index]!, comparison: await runCase(sfn, cases[index]!, index) };
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  } finally {
    sfn.destroy();
  }
  return results;
}

async function runCase(
  sfn: ReturnType<typeof sfnClient>,
  corpusCase: CorpusCase,
  index: number,
): Promise<CaseComparison> {
  let machineArn: string;
  try {
    machineArn = await createMachine(sfn, `conformance-${index}`, corpusCase.definition);
  } catch (e) {
    // AWS ran this definition: a refusal is a divergence of this case, not a failure of the run
    return refused(corpusCase, (e as Error).message);
  }
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: machineArn,
      input: corpusCase.inputText ?? JSON.stringify(corpusCase.input),
    }),
  );
  const described = await waitForTerminal(sfn, executionArn!);
  const events = await fullHistory(sfn, executionArn!);
  return compareExecution(
    { outcome: corpusCase.expected, events: corpusCase.events, outputsParsed: corpusCase.outputsParsed },
    {
      outcome: {
        status: described.status,
        output: described.output,
        error: described.error,
        cause: described.cause,
      },
      events: events as never,
    },
  );
}

function refused(corpusCase: CorpusCase, message: string): CaseComparison {
  return {
    statusMatches: false,
    outputMatches: false,
    typesMatch: false,
    eventsExpected: corpusCase.events.length,
    eventsMatched: 0,
    matches: false,
    differences: [`the engine refused the definition: ${message}`],
  };
}
