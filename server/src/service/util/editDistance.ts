/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours each cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidates a mistyped word most likely meant: an exact match ignoring case first, else the closest ones
 * at the smallest distance found, within one that grows with the word's length (about a third of it, at most 3).
 */
export function closestMatches(word: string, candidates: Iterable<string>, most = 3): string[] {
  const lower = word.toLowerCase();
  const pool = [...new Set(candidates)];
  const sameLetters = pool.filter((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters.length > 0) return sameLetters;
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  const near = pool
    .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= limit)
    .sort((x, y) => x.distance - y.distance || (x.candidate < y.candidate ? -1 : 1));
  // Only the closest: "ExecStrat" means ExecStart, not also ExecStop.
  return near
    .filter(({ distance }) => distance === near[0]?.distance)
    .slice(0, most)
    .map(({ candidate }) => candidate);
}
