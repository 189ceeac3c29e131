import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { RULES, type Fix, type Rule, type WorkspaceFacts } from '../rules';
import { activationTriggers } from '../rules/activationTriggers';
import { dependencyOrdering } from '../rules/dependencyOrdering';
import { dropInExecStart } from '../rules/dropInExecStart';
import { installSection } from '../rules/installSection';
import { mountUnit } from '../rules/mountUnit';
import { serviceCommands } from '../rules/serviceCommands';
import type { Settings } from '../settings';
import type { TextSpan, UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import type { MergedPart, MergedUnit } from '../workspace/mergedUnit';
import { uriKey } from '../workspace/uris';
import { collectFindings, toDiagnostics, type Finding } from './diagnostics';

/**
 * Rules about the unit as a whole: what it runs, what activates it, what it is ordered after, whether it can be
 * enabled. A drop-in can add or reset any of it, so where the unit and its drop-ins are in the index these rules
 * read the merged unit instead of one file.
 */
const WHOLE_UNIT_RULES: readonly Rule[] = [
  serviceCommands,
  activationTriggers,
  mountUnit,
  installSection,
  dependencyOrdering,
];

/** Rules replaced by the merged check: exec-start-without-reset guesses what the merged unit shows. */
const REPLACED_WHEN_MERGED: ReadonlySet<Rule> = new Set([...WHOLE_UNIT_RULES, dropInExecStart]);

const PER_FILE_RULES: readonly Rule[] = RULES.filter((rule) => !REPLACED_WHEN_MERGED.has(rule));

/** The section header a finding about the whole unit sits on, if the span is one. */
function isUnitLevel(merged: MergedUnit, span: TextSpan): string | undefined {
  if (span.offset === 0 && span.length === 0) return '';
  const header = merged.file.sections.find(
    (section) => section.header.nameSpan.offset === span.offset && section.header.nameSpan.length === span.length,
  );
  return header?.header.name;
}

/** Moves a fix from the merged text into the document, when every change falls inside the document's part. */
function fixesIn(fixes: readonly Fix[], part: MergedPart): Fix[] {
  return fixes.flatMap((fix) =>
    fix.changes.every(
      (change) => change.offset >= part.start && change.offset + change.length <= part.start + part.length,
    )
      ? [{ ...fix, changes: fix.changes.map((change) => ({ ...change, offset: change.offset - part.start })) }]
      : [],
  );
}

/**
 * Diagnostics of a document that has a merged unit: the per-file rules on the document itself, the whole-unit rules
 * on the merged unit. A finding about the unit as a whole (reported on a section header) is reported on the
 * document's own matching header, naming the files merged; a finding on a line is reported in the file that holds it.
 */
export function validateMerged(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
  merged: MergedUnit,
  workspace: WorkspaceFacts | undefined,
): Diagnostic[] {
  const own = collectFindings(file, kind, settings, PER_FILE_RULES, workspace);
  const documentKey = uriKey(document.uri);
  const part = merged.parts.find((candidate) => candidate.file.key === documentKey);
  const fromMerged: Finding[] = [];
  const anchorFor = (sectionName: string): TextSpan => {
    const sections = file.sections;
    const header = (sections.find((section) => section.header.name === sectionName) ?? sections[0])?.header;
    return header ? header.nameSpan : { offset: 0, length: 0 };
  };
  const names = merged.parts.map((candidate) => candidate.file.fileName).join(', ');
  for (const finding of collectFindings(merged.file, merged.kind, settings, WHOLE_UNIT_RULES, workspace)) {
    // A finding about the unit as a whole (on a section header) goes on the document's own header, saying which
    // files were merged: the unit file alone no longer tells why.
    const section = isUnitLevel(merged, finding.span);
    if (section !== undefined) {
      fromMerged.push({
        ...finding,
        span: anchorFor(section),
        message: l10n.t('{0} (in the unit merged from {1})', finding.message, names),
        fixes: [],
        related: [],
      });
      continue;
    }
    const inside =
      part !== undefined &&
      finding.span.offset >= part.start &&
      finding.span.offset < part.start + Math.max(part.length, 1);
    if (!inside) continue;
    fromMerged.push({
      ...finding,
      span: { offset: finding.span.offset - part.start, length: finding.span.length },
      fixes: fixesIn(finding.fixes, part),
      related: finding.related
        .filter((related) => related.span.offset >= part.start && related.span.offset < part.start + part.length)
        .map((related) => ({ ...related, span: { ...related.span, offset: related.span.offset - part.start } })),
    });
  }
  return toDiagnostics(document, [...own, ...fromMerged]);
}
