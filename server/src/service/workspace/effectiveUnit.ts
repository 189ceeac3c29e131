import { findDirective } from '../catalog';
import type { AssignmentNode } from '../syntax';
import { readSectionsOf } from './references';
import { partAt, type MergedUnit } from './mergedUnit';
import { filePath } from './uris';

export interface EffectiveUnitSource {
  readonly uri: string;
  /** The path for a `file:` URI, else the URI. */
  readonly label: string;
  /** A file of the workspace folders, or one installed in the machine's unit directories. */
  readonly origin: 'workspace' | 'machine';
}

/** What `systemdUnits/effectiveUnit` answers: the unit as systemd ends up with it, each group of lines labelled. */
export interface EffectiveUnit {
  readonly unitName: string;
  readonly text: string;
  /** The unit file and the drop-ins, in the order they were applied; `[n]` in the text is `sources[n - 1]`. */
  readonly sources: readonly EffectiveUnitSource[];
}

/** How a file of the machine is marked among the files of a workspace unit. */
const MACHINE_MARK = ' (this machine)';

interface Kept {
  readonly node: AssignmentNode;
  readonly source: number;
}

/**
 * Renders a merged unit the way systemd applies it: a setting that takes one value keeps its last assignment (an
 * empty one brings back the default), a list keeps what follows its last empty assignment, and a directive the
 * catalog does not know keeps every line. Sections appear in the order first met; a comment line names the file of
 * each run of lines, so the result is itself a valid unit file.
 */
export function renderEffectiveUnit(merged: MergedUnit): EffectiveUnit {
  const sources: EffectiveUnitSource[] = merged.parts.map((part) => ({
    uri: part.file.uri,
    label: filePath(part.file.uri) ?? part.file.uri,
    origin: part.file.origin === 'workspace' ? 'workspace' : 'machine',
  }));
  // Where the workspace and the machine meet (a workspace unit with the drop-ins installed here), the machine's files
  // say so; a unit wholly of one or the other needs no mark.
  const mixed = new Set(sources.map((source) => source.origin)).size > 1;
  const labelOf = (source: EffectiveUnitSource | undefined) =>
    source ? `${source.label}${mixed && source.origin === 'machine' ? MACHINE_MARK : ''}` : '';
  const sections = new Map<string, Kept[]>();
  const read = readSectionsOf(merged.kind);
  for (const section of merged.file.sections) {
    const name = section.header.name;
    if (!read.has(name) && !name.startsWith('X-')) continue;
    const kept = sections.get(name) ?? [];
    sections.set(name, kept);
    for (const node of section.entries) {
      if (node.kind !== 'assignment') continue;
      const part = partAt(merged, node.offset);
      const source = part ? merged.parts.indexOf(part) : 0;
      const directive = findDirective(name, node.key);
      if (!directive) {
        kept.push({ node, source });
        continue;
      }
      if (!directive.list) {
        // One value: this assignment replaces the earlier ones; an empty one leaves the default.
        const earlier = kept.findIndex((entry) => entry.node.key === node.key);
        if (earlier >= 0) kept.splice(earlier, 1);
        if (node.value !== '') kept.push({ node, source });
        continue;
      }
      if (node.value === '' && directive.emptyResets) {
        for (let i = kept.length - 1; i >= 0; i--) if (kept[i]!.node.key === node.key) kept.splice(i, 1);
        continue;
      }
      if (node.value !== '') kept.push({ node, source });
    }
  }

  const lines: string[] = [];
  const count = merged.parts.length - 1;
  lines.push(
    `# ${merged.unitName} as systemd reads it: ${count === 0 ? 'no drop-ins' : count === 1 ? 'one drop-in' : `${count} drop-ins`} merged into the unit file, in the order they apply.`,
  );
  if (mixed) {
    lines.push(
      `# Files marked${MACHINE_MARK} are installed here, not in the workspace: systemd adds them`,
      '# once the unit is installed for its manager on this machine.',
    );
  }
  sources.forEach((source, i) => lines.push(`# [${i + 1}] ${labelOf(source)}`));
  for (const [name, kept] of sections) {
    lines.push('', `[${name}]`);
    let current = -1;
    for (const entry of kept) {
      if (entry.source !== current) {
        lines.push(`# from [${entry.source + 1}] ${labelOf(sources[entry.source])}`.trimEnd());
        current = entry.source;
      }
      lines.push(`${entry.node.key}=${entry.node.value}`);
    }
  }
  return { unitName: merged.unitName, text: lines.join('\n') + '\n', sources };
}
