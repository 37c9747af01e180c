import { structuredPatch } from 'diff';

// The definition diff of `deploy --dry-run` (and deploy's `diff` field): a unified diff by
// jsdiff, without the ---/+++ file headers (both sides are the same state machine).

/** Unified diff lines, each hunk under its `@@ -a,b +c,d @@` marker; empty when the texts are equal. */
export function unifiedDiff(before: string, after: string, context = 3): string[] {
  // Both sides end in a newline, so no "\ No newline at end of file" line is added.
  const asFile = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
  const patch = structuredPatch('', '', asFile(before), asFile(after), undefined, undefined, { context });
  return patch.hunks.flatMap((hunk) => [
    // As GNU diff and jsdiff's formatPatch write it: an empty side starts at line 0.
    `@@ -${hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart},${hunk.oldLines} +${hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart},${hunk.newLines} @@`,
    ...hunk.lines,
  ]);
}
