import { parseUnitFile, type UnitFileNode } from '../syntax';
import { unitFileKindOf, type UnitFileKind } from '../unitFileKind';
import { isSingleUnitDropIn } from './dropInNames';
import type { IndexedFile, UnitIndex } from './unitIndex';
import { parentUri, uriKey } from './uris';

/** Where one file's text sits in the merged text. */
export interface MergedPart {
  readonly file: IndexedFile;
  readonly start: number;
  readonly length: number;
}

/**
 * A unit and its drop-ins as one text, in the order systemd reads them, so the rules about the whole unit (a service
 * with nothing to run, a timer that never fires) see what systemd sees. Each file keeps its offsets inside its part.
 */
export interface MergedUnit {
  readonly unitName: string;
  readonly kind: UnitFileKind;
  /** The unit file, then the drop-ins in the order they apply. */
  readonly parts: readonly MergedPart[];
  readonly text: string;
  readonly file: UnitFileNode;
}

/** Blanks a drop-in's lines before its first section header (systemd ignores them), keeping every offset. */
function blankPreamble(file: UnitFileNode): string {
  const first = file.sections[0];
  const end = first ? first.offset : file.text.length;
  const head = file.text.slice(0, end).replace(/[^\r\n]/g, ' ');
  return head + file.text.slice(end);
}

function endsContinued(file: UnitFileNode): boolean {
  const last = file.sections.at(-1)?.entries.at(-1) ?? file.sections.at(-1)?.header ?? file.preamble.at(-1);
  return last !== undefined && 'continuedAtEndOfFile' in last && last.continuedAtEndOfFile;
}

/** Merges a unit file and drop-ins (in that order) into one parsed text. */
export function mergeFiles(
  index: UnitIndex,
  unitName: string,
  base: IndexedFile | undefined,
  dropIns: readonly IndexedFile[],
): MergedUnit {
  const parts: MergedPart[] = [];
  let text = '';
  const files = base ? [base, ...dropIns] : [...dropIns];
  files.forEach((file, position) => {
    const tree = index.parse(file);
    let own = position === 0 ? file.text : blankPreamble(tree);
    // A later file's BOM is not skipped by the parser in the middle of the text; a space keeps the offsets.
    if (position > 0 && own.charCodeAt(0) === 0xfeff) own = ' ' + own.slice(1);
    parts.push({ file, start: text.length, length: own.length });
    text += own;
    // Each file ends its last line, also one continued at its end, so nothing joins the next file.
    if (!/[\r\n]$/.test(text) && text.length > 0) text += '\n';
    if (endsContinued(tree)) text += '\n';
  });
  const kind = unitFileKindOf(unitName);
  return {
    unitName,
    kind: { ...kind, userUnit: base?.user ?? kind.userUnit },
    parts,
    text,
    file: parseUnitFile(text),
  };
}

/**
 * The merged unit a document takes part in, when there is one to merge: for a unit file with drop-ins in the index,
 * the file and its drop-ins; for a drop-in of one unit whose file is in the index, that unit. Undefined for a unit
 * without drop-ins, a lone drop-in, or a type-level or prefix drop-in that applies to many units.
 *
 * This is what diagnostics check, so for a unit of the workspace it holds the workspace's drop-ins only, never the
 * drop-ins installed on the editing machine: a workspace describes units meant for other machines too, and its
 * problems must not come and go with what happens to be in this machine's `/etc` (nor differ between a laptop and
 * CI). "Show Effective Unit" adds them (`effectiveUnitOf`). A unit of the machine is merged with the machine's own.
 */
export function mergedUnitOf(index: UnitIndex, uri: string): MergedUnit | undefined {
  const file = index.fileAt(uri);
  if (!file || !file.kind.unitType) return undefined;
  if (!file.kind.dropIn) {
    const unitName = file.fileName;
    const dropIns = index.dropInsFor(unitName, index.lookupDirectoriesFor(file));
    return dropIns.length > 0 ? mergeFiles(index, unitName, file, dropIns) : undefined;
  }
  const base = index.baseOfDropIn(file);
  if (!base || !file.kind.unitName) return undefined;
  const unitName = file.kind.unitName;
  const besideDropInDirectory = uriKey(parentUri(parentUri(file.uri)));
  const dropIns = index.dropInsFor(unitName, index.lookupDirectoriesFor(base, [besideDropInDirectory]));
  return mergeFiles(index, unitName, base, dropIns);
}

/** The effective unit of a name: its file (for an instance, the template's) and every drop-in that applies. */
export function effectiveUnitNamed(index: UnitIndex, unitName: string, user?: boolean): MergedUnit | undefined {
  const base = index.definitionsOf(unitName, user)[0];
  const dropIns = index.dropInsFor(unitName, index.lookupDirectoriesFor(base));
  if (!base && dropIns.length === 0) return undefined;
  return mergeFiles(index, unitName, base, dropIns);
}

/** The part of the merged text a document offset range falls in. */
export function partAt(merged: MergedUnit, offset: number): MergedPart | undefined {
  return merged.parts.find((part) => offset >= part.start && offset < part.start + Math.max(part.length, 1));
}

/**
 * The unit a document shows when merged with everything that applies to it ("Show Effective Unit"): for a unit file,
 * itself and its drop-ins; for a drop-in of one unit, that unit (or the drop-ins alone when the unit file is not in
 * the index). Undefined for a file the index does not hold, or a type-level or prefix drop-in that applies to many
 * units.
 *
 * Unlike `mergedUnitOf`, a unit of the workspace here also meets the drop-ins of this machine that systemd would apply
 * to it once it is installed for its manager (`foo.service.d/`, `foo-.service.d/`, `service.d/` in the machine's unit
 * directories). The workspace's directory stands in for the directory the unit would be installed into, which comes
 * first among the machine's (`/etc/systemd/system`, `~/.config/systemd/user`), so it is searched before them: a
 * machine drop-in with the same file name as a workspace one is hidden by it, and all of them apply in the lexical
 * order of their file names, whatever directory they are in, as systemd does (conf_files_list_strv() in
 * unit_file_find_dropin_paths()).
 */
export function effectiveUnitOf(index: UnitIndex, uri: string): MergedUnit | undefined {
  const file = index.fileAt(uri);
  if (!file || !file.kind.unitType || !file.kind.unitName) return undefined;
  if (!file.kind.dropIn) {
    const directories = withMachine(index, file, index.lookupDirectoriesFor(file));
    return mergeFiles(index, file.fileName, file, index.dropInsFor(file.fileName, directories));
  }
  const unitName = file.kind.unitName;
  if (!isSingleUnitDropIn(unitName)) return undefined;
  const beside = uriKey(parentUri(parentUri(file.uri)));
  const base = index.baseOfDropIn(file);
  const directories = withMachine(index, base ?? file, base ? index.lookupDirectoriesFor(base, [beside]) : [beside]);
  return mergeFiles(index, unitName, base, index.dropInsFor(unitName, directories));
}

/**
 * For a unit (or lone drop-in) of the workspace, its lookup directories followed by the machine's unit directories of
 * its manager; a unit of the machine has those already.
 */
function withMachine(index: UnitIndex, anchor: IndexedFile, directories: readonly string[]): string[] {
  if (anchor.origin !== 'workspace') return [...directories];
  return [...new Set([...directories, ...index.machineDirectories(anchor.user)])];
}
