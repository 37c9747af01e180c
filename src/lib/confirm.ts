import { createInterface } from 'node:readline/promises';

/** Asks a y/N question on stderr and reads the answer from the terminal; anything but y/yes is no. */
export async function confirm(question: string, signal?: AbortSignal): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `, signal ? { signal } : {});
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
