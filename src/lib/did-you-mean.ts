import { distance } from 'fastest-levenshtein';

// "Did you mean …?" for a mistyped command or flag name.

/**
 * The candidate closest to `typed`, if it is close enough to be what was meant: at most two
 * edits (a swapped pair of letters is two), or a third of the word for longer ones, or a
 * prefix of three letters or more (`desc` → `describe`).
 */
export function closestName(typed: string, candidates: Iterable<string>): string | undefined {
  let best: { name: string; score: number } | undefined;
  const limit = Math.max(2, Math.floor(typed.length / 3));
  for (const name of candidates) {
    const score = typed.length >= 3 && name.startsWith(typed) ? 0.5 : distance(typed, name);
    if (score <= limit && (!best || score < best.score)) best = { name, score };
  }
  return best?.name;
}
