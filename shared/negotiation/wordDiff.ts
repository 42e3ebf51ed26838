// A word-level diff between two wordings of a clause: what a side agreed to (`Position.text`) and
// what the clause says now. Small and pure: an LCS over words after the common prefix and suffix are
// trimmed, which keeps the quadratic part to the edited middle of a clause.

export type DiffOp = { kind: 'same' | 'ins' | 'del'; text: string };

/**
 * The normalised clause text (see clauseText.ts) as a reader sees it: block tags ("paragraph:") and
 * mark tags ("⟦strong⟧") removed, one line per block.
 */
export function readableClauseText(normalised: string): string {
  return normalised
    .split('\n')
    .map((line) => line.replace(/^(?:[a-z_]+\[)+/, '').replace(/^[a-z_]+\d?:/, '').replace(/⟦[^⟧]*⟧/g, '').replace(/\]+$/, ''))
    .filter((line) => line !== '')
    .join('\n');
}

/** Words with the line breaks kept as their own tokens, so a split paragraph shows as a change. */
function words(text: string): string[] {
  return text.split(/(\n)| +/).filter((w): w is string => w !== undefined && w !== '');
}

/**
 * The operations turning `before` into `after`, word by word; neighbouring operations of the same
 * kind are merged, words joined by single spaces.
 */
export function wordDiff(before: string, after: string): DiffOp[] {
  const a = words(before);
  const b = words(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  // lcs[i][j]: length of the longest common subsequence of midA[i..] and midB[j..].
  const lcs: Uint32Array[] = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1));
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const raw: DiffOp[] = a.slice(0, start).map((text) => ({ kind: 'same', text }));
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      raw.push({ kind: 'same', text: midA[i] });
      i++;
      j++;
    } else if (j < midB.length && (i === midA.length || lcs[i][j + 1] > lcs[i + 1][j])) {
      raw.push({ kind: 'ins', text: midB[j++] });
    } else {
      raw.push({ kind: 'del', text: midA[i++] });
    }
  }
  for (const text of a.slice(endA)) raw.push({ kind: 'same', text });
  // Deletions before insertions within a changed run read naturally: "to → tre".
  const merged: DiffOp[] = [];
  for (const op of raw) {
    const last = merged[merged.length - 1];
    if (last && last.kind === op.kind) last.text += op.text === '\n' || last.text.endsWith('\n') ? op.text : ` ${op.text}`;
    else merged.push({ ...op });
  }
  return merged;
}

/** True when the diff changes nothing. */
export function isUnchanged(ops: DiffOp[]): boolean {
  return ops.every((op) => op.kind === 'same');
}
