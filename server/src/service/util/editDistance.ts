/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours each cost 1.
 * With a limit, any distance above it comes back as limit + 1, found early: the length difference alone can rule a
 * pair out, and the work stops once a whole row exceeds the limit. Three rows are kept, not the whole table, so a
 * long key compared with every directive costs little.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const columns = b.length + 1;
  let beforePrevious = new Array<number>(columns).fill(0);
  let previous = Array.from({ length: columns }, (_, j) => j);
  let current = new Array<number>(columns).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, beforePrevious[j - 2]! + 1);
      current[j] = best;
      if (best < rowBest) rowBest = best;
    }
    if (rowBest > limit) return limit + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return Math.min(previous[b.length]!, limit + 1);
}

/**
 * The candidates a mistyped word most likely meant: an exact match ignoring case first, else the closest ones
 * at the smallest distance found, within one that grows with the word's length (about a third of it, at most 3).
 */
export function closestMatches(word: string, candidates: Iterable<string>, most = 3): string[] {
  const pool = [...new Set(candidates)];
  // Nothing is within reach of a word longer than every candidate by more than the largest limit: no work at all.
  if (pool.every((candidate) => word.length - candidate.length > 3)) return [];
  const lower = word.toLowerCase();
  const sameLetters = pool.filter((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters.length > 0) return sameLetters;
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  const near = pool
    .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase(), limit) }))
    .filter(({ distance }) => distance <= limit)
    .sort((x, y) => x.distance - y.distance || (x.candidate < y.candidate ? -1 : 1));
  // Only the closest: "ExecStrat" means ExecStart, not also ExecStop.
  return near
    .filter(({ distance }) => distance === near[0]?.distance)
    .slice(0, most)
    .map(({ candidate }) => candidate);
}
