import { distance } from 'fastest-levenshtein';

// "Did you mean …?" for a mistyped command or flag name.

const sorted = (word: string) => [...word].sort().join('');

/**
 * The candidate closest to `typed`, if it is close enough to be what was meant: one edit per
 * three letters (at least one), two swapped letters (`nmae` → `name`, two edits for Levenshtein),
 * or a prefix of three letters or more (`desc` → `describe`). `nope` is not `name`.
 */
export function closestName(typed: string, candidates: Iterable<string>): string | undefined {
  let best: { name: string; score: number } | undefined;
  const limit = Math.max(1, Math.floor(typed.length / 3));
  for (const name of candidates) {
    const edits = distance(typed, name);
    const score = typed.length >= 3 && name.startsWith(typed) ? 0.5 : edits;
    const close = score <= limit || (edits === 2 && sorted(typed) === sorted(name));
    if (close && (!best || score < best.score)) best = { name, score };
  }
  return best?.name;
}
