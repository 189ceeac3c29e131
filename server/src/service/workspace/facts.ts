import type { OrderingCycleFact, WorkspaceFacts } from '../rules';
import { dependencyGraph, orderingCyclesThrough } from './dependencies';
import { isTemplate } from './references';
import type { IndexedFile, UnitIndex } from './unitIndex';
import { uriKey } from './uris';

/** The unit whose orderings a file writes: its own, or for a drop-in of one unit in the index, that unit's. */
function unitOf(index: UnitIndex, file: IndexedFile): string | undefined {
  if (!file.kind.dropIn) return file.kind.unitName;
  return index.baseOfDropIn(file) ? file.kind.unitName : undefined;
}

/** The ordering cycles through a file's unit, each reported on the orderings the file itself writes. */
export function orderingCyclesInFile(index: UnitIndex, file: IndexedFile): OrderingCycleFact[] {
  const unit = unitOf(index, file);
  if (!unit || isTemplate(unit)) return [];
  const graph = dependencyGraph(index, file.user);
  const found: OrderingCycleFact[] = [];
  const reported = new Set<number>();
  for (const cycle of orderingCyclesThrough(graph, unit)) {
    for (let i = 0; i + 1 < cycle.units.length; i++) {
      const origins = graph.orderingOrigins(cycle.units[i]!, cycle.units[i + 1]!);
      for (const origin of origins) {
        if (uriKey(origin.uri) !== file.key || reported.has(origin.span.offset)) continue;
        reported.add(origin.span.offset);
        found.push({ units: cycle.units, span: origin.span });
      }
    }
  }
  return found;
}

/**
 * What the index can tell the rules about a file, once a walk has completed: whether units exist (only when the
 * machine's unit directories were read too) and the ordering cycles through the file's unit.
 */
export function workspaceFactsFor(
  index: UnitIndex,
  uri: string,
  machineNames: () => ReadonlySet<string> | undefined,
): WorkspaceFacts | undefined {
  if (!index.ready) return undefined;
  const file = index.fileAt(uri);
  return {
    ...(index.coversMachine ? { unitExists: (name: string) => index.knowsUnit(name, machineNames()) } : {}),
    ...(file ? { orderingCycles: () => orderingCyclesInFile(index, file) } : {}),
  };
}
