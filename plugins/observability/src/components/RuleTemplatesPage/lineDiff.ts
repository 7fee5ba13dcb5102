export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

const MAX_LINES = 2000;

/**
 * A line diff of two texts by their longest common subsequence: enough for template bodies of a
 * few hundred lines (quadratic in lines, so bodies beyond MAX_LINES are compared as wholes).
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > MAX_LINES * MAX_LINES) {
    return [
      ...a.map(text => ({ kind: 'removed' as const, text })),
      ...b.map(text => ({ kind: 'added' as const, text })),
    ];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] =
        a[i] === b[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ kind: 'removed', text: a[i++] });
    } else {
      out.push({ kind: 'added', text: b[j++] });
    }
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++] });
  while (j < b.length) out.push({ kind: 'added', text: b[j++] });
  return out;
}

/** A diff line, or a run of unchanged lines folded to its count. */
export type DiffHunkLine = DiffLine | { kind: 'folded'; count: number };

/** Folds unchanged runs, keeping `context` lines around each change, so a diff shows what changed. */
export function foldUnchanged(lines: DiffLine[], context = 3): DiffHunkLine[] {
  const near = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.kind === 'same') return;
    const end = Math.min(lines.length - 1, i + context);
    for (let j = Math.max(0, i - context); j <= end; j++) near[j] = true;
  });
  const out: DiffHunkLine[] = [];
  let folded = 0;
  lines.forEach((line, i) => {
    if (line.kind === 'same' && !near[i]) {
      folded++;
      return;
    }
    if (folded > 0) out.push({ kind: 'folded', count: folded });
    folded = 0;
    out.push(line);
  });
  if (folded > 0) out.push({ kind: 'folded', count: folded });
  return out;
}
