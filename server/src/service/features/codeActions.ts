import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { Fix, TextChange } from '../rules';
import type { Settings } from '../settings';
import type { UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import { collectFindings, toDiagnostics, type Finding } from './diagnostics';
import { getHardenAction, HARDEN_KIND } from './harden';

/** The kind for applying every preferred fix in the file, as editors' "fix all" on save asks for it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.systemd-units`;

function toEdits(document: TextDocument, changes: readonly TextChange[]): TextEdit[] {
  return changes.map((change) => ({
    range: { start: document.positionAt(change.offset), end: document.positionAt(change.offset + change.length) },
    newText: change.newText,
  }));
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Changes of several fixes that do not touch each other, in document order: what can be applied in one go. */
export function compatibleChanges(fixes: readonly Fix[]): TextChange[] {
  return pickCompatible(fixes).changes;
}

/** The section headers an insertion writes (none for plain lines); undefined for a change that replaces text. */
function headersAdded(change: TextChange): string[] | undefined {
  if (change.length !== 0) return undefined;
  return [...change.newText.matchAll(/(?:^|[\n\r\0])[ \t]*\[([^\]\n\r\0]*)\]/g)].map((match) => match[1]!);
}

/**
 * Whether `later` can go in right after `earlier` at the same place: plain lines after plain lines (both land in the
 * section above), and a new section after plain lines or after another new section of a different name. Plain lines
 * after a new section would land in it.
 */
function followsAtSamePlace(earlier: TextChange, later: TextChange): boolean {
  if (earlier.offset !== later.offset) return false;
  const before = headersAdded(earlier);
  const after = headersAdded(later);
  if (before === undefined || after === undefined) return false;
  if (after.length === 0) return before.length === 0;
  return after.every((name) => !before.includes(name));
}

function pickCompatible(fixes: readonly Fix[]): { changes: TextChange[]; count: number } {
  const chosen: TextChange[] = [];
  let count = 0;
  for (const fix of fixes) {
    const clash = fix.changes.some((change) =>
      chosen.some(
        (taken) =>
          !followsAtSamePlace(taken, change) &&
          change.offset < taken.offset + taken.length + (taken.length === 0 ? 1 : 0) &&
          taken.offset < change.offset + change.length + (change.length === 0 ? 1 : 0),
      ),
    );
    if (!clash) {
      chosen.push(...fix.changes);
      count++;
    }
  }
  return { changes: chosen.sort((a, b) => a.offset - b.offset), count };
}

/**
 * Quick fixes for the diagnostics in a range, a "fix all of this kind" action where a code has several preferred
 * fixes, and the source.fixAll action.
 */
export function getCodeActions(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
  range: Range,
  only: readonly string[] | undefined,
  unitNames: readonly string[] = [],
): CodeAction[] {
  const findings = collectFindings(file, kind, settings);
  const diagnostics = toDiagnostics(document, findings);
  const wants = (actionKind: string) =>
    !only || only.some((prefix) => actionKind === prefix || actionKind.startsWith(`${prefix}.`));
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    const byCode = new Map<string, Finding[]>();
    findings.forEach((finding, index) => {
      const diagnostic: Diagnostic = diagnostics[index]!;
      if (finding.fixes.length === 0) return;
      if (finding.fixes.some((fix) => fix.preferred))
        byCode.set(finding.code, [...(byCode.get(finding.code) ?? []), finding]);
      if (!overlaps(diagnostic.range, range)) return;
      for (const fix of finding.fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred === true,
          edit: { changes: { [document.uri]: toEdits(document, fix.changes) } },
        });
      }
    });
    for (const [code, group] of byCode) {
      if (group.length < 2 || !actions.some((action) => action.diagnostics?.[0]?.code === code)) continue;
      const preferred = group.map((finding) => finding.fixes.find((fix) => fix.preferred)!);
      actions.push({
        title: l10n.t('Fix all "{0}" problems in the file', code),
        kind: CodeActionKind.QuickFix,
        edit: { changes: { [document.uri]: toEdits(document, compatibleChanges(preferred)) } },
      });
    }
  }

  if (wants(FIX_ALL_KIND)) {
    const preferred = findings.flatMap((finding) => finding.fixes.filter((fix) => fix.preferred).slice(0, 1));
    if (preferred.length > 0) {
      actions.push({
        title: l10n.t('Fix all automatically fixable systemd unit problems'),
        kind: FIX_ALL_KIND,
        edit: { changes: { [document.uri]: toEdits(document, compatibleChanges(preferred)) } },
      });
    }
  }
  if (wants(HARDEN_KIND)) {
    const harden = getHardenAction(document, file, kind, settings, range, unitNames);
    if (harden) actions.push(harden);
  }
  return actions;
}

/** Applies changes (sorted, not overlapping) to a text. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let result = '';
  let at = 0;
  for (const change of [...changes].sort((a, b) => a.offset - b.offset)) {
    result += text.slice(at, change.offset) + change.newText;
    at = change.offset + change.length;
  }
  return result + text.slice(at);
}

/**
 * Applies the preferred fixes until none is left (at most a few rounds: a fix may reveal another). Returns the new
 * text, or the same text when nothing was fixable. Files with problems that no fix can mend safely are left alone.
 */
export function fixAll(
  text: string,
  parse: (text: string) => UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
): { text: string; fixed: number } {
  let current = text;
  let fixed = 0;
  for (let round = 0; round < 5; round++) {
    const findings = collectFindings(parse(current), kind, settings);
    if (findings.some((finding) => UNSAFE_TO_FIX.has(finding.code))) break;
    const preferred = findings.flatMap((finding) => finding.fixes.filter((fix) => fix.preferred).slice(0, 1));
    const { changes, count } = pickCompatible(preferred);
    if (count === 0) break;
    current = applyChanges(current, changes);
    fixed += count;
  }
  return { text: current, fixed };
}

/** Problems that leave the file's structure in doubt: --fix does not touch such a file. */
const UNSAFE_TO_FIX: ReadonlySet<string> = new Set([
  'invalid-section-header',
  'line-too-long',
  'binary-file',
  'file-too-large',
]);
