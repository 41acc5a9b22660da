// The suggestion after a mistyped word: the known name within a few edits of it (a swap of
// two neighbouring letters counts as one edit), or the only known name it begins.

/** Edits (insert, delete, substitute, swap neighbours) between a and b. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** The closest of names to word, or undefined when none is near enough to be what was meant. */
export function closestName(word: string, names: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const all = [...names];
  const prefixed = all.filter((n) => n.toLowerCase().startsWith(w));
  if (w.length >= 2 && prefixed.length === 1) return prefixed[0];
  // Up to a third of the word may be wrong, and at least two letters.
  const allowed = Math.max(2, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const n of all) {
    const distance = editDistance(w, n.toLowerCase());
    if (distance < bestDistance) {
      best = n;
      bestDistance = distance;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}
