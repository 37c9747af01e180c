// A small line diff for `deploy --dry-run`: LCS over lines, printed unified-style with context.

type Op = { kind: ' ' | '-' | '+'; line: string };

function diffLines(before: string[], after: string[]): Op[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j] = length of the LCS of before[i..] and after[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      ops.push({ kind: ' ', line: before[i++] });
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push({ kind: '-', line: before[i++] });
    } else {
      ops.push({ kind: '+', line: after[j++] });
    }
  }
  return ops;
}

/** Unified-style diff lines (without ---/+++ headers); empty when the texts are equal. */
export function unifiedDiff(before: string, after: string, context = 3): string[] {
  const ops = diffLines(before === '' ? [] : before.split('\n'), after.split('\n'));
  if (ops.every((op) => op.kind === ' ')) return [];
  const keep = ops.map((op, index) =>
    ops.slice(Math.max(0, index - context), index + context + 1).some((near) => near.kind !== ' '),
  );
  const out: string[] = [];
  ops.forEach((op, index) => {
    if (keep[index]) out.push(`${op.kind}${op.line}`);
    else if (keep[index - 1]) out.push('@@ … @@');
  });
  return out;
}
