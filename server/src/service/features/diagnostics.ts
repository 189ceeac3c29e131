import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { ALL_SECTIONS, sectionsOf } from '../catalog/unitTypes';
import { RULES, type Rule, type RuleContext, type SeverityName } from '../rules';
import type { Settings } from '../settings';
import type { TextSpan, UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';

export const DIAGNOSTIC_SOURCE = 'systemd-units';

/** Files larger than this are not analysed: unit files are a few kilobytes, and the editor must stay responsive. */
export const MAX_ANALYSED_LENGTH = 4 * 1024 * 1024;

/** Where a NUL shows up this early the file is binary, not a unit file (the check git uses). */
const BINARY_PROBE_LENGTH = 8000;

const SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Codes reported for a file as a whole, when it is not analysed. */
export const FILE_CODES: readonly { code: string; severity: SeverityName; title: string }[] = [
  { code: 'file-too-large', severity: 'information', title: 'A file too large to analyse' },
  { code: 'binary-file', severity: 'warning', title: 'A binary file, not a unit file' },
];

function fileDiagnostic(code: string, severity: DiagnosticSeverity, message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity,
    code,
    source: DIAGNOSTIC_SOURCE,
    message,
  };
}

/** The answer for a file too large to analyse; `size` in characters, or in bytes where it was not read. */
export function fileTooLarge(size: number): Diagnostic {
  const megabytes = (size / (1024 * 1024)).toFixed(1);
  return fileDiagnostic(
    'file-too-large',
    DiagnosticSeverity.Information,
    l10n.t(
      'This file is too large to analyse ({0} MiB; the limit is {1} MiB). Unit files are usually a few kilobytes.',
      megabytes,
      MAX_ANALYSED_LENGTH / (1024 * 1024),
    ),
  );
}

/** The answer for a file that is not analysed at all, or undefined when it should be. */
export function refuseToAnalyse(text: string): Diagnostic | undefined {
  if (text.length > MAX_ANALYSED_LENGTH) return fileTooLarge(text.length);
  if (text.slice(0, BINARY_PROBE_LENGTH).includes('\0')) {
    return fileDiagnostic(
      'binary-file',
      DiagnosticSeverity.Warning,
      l10n.t('This file contains NUL bytes, so it looks binary rather than a unit file; it was not analysed.'),
    );
  }
  return undefined;
}

/** Runs every rule over a parsed file and returns LSP diagnostics, with the user's severity overrides applied. */
export function validate(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
  rules: readonly Rule[] = RULES,
): Diagnostic[] {
  const sections = new Set(kind.unitType ? sectionsOf(kind.unitType) : ALL_SECTIONS);
  const diagnostics: Diagnostic[] = [];
  const limit = settings.diagnostics.maxNumberOfProblems;
  const toRange = (span: TextSpan) => ({
    start: document.positionAt(span.offset),
    end: document.positionAt(span.offset + span.length),
  });

  for (const rule of rules) {
    const setting = settings.diagnostics.severity[rule.code];
    if (setting === 'off') continue;
    const severity = SEVERITY[setting ?? rule.severity];
    const context: RuleContext = {
      file,
      kind,
      sections,
      isIgnoredSection: (name) => name.startsWith('X-') || !sections.has(name),
      report(span, message) {
        if (diagnostics.length >= limit) return;
        diagnostics.push({ range: toRange(span), severity, code: rule.code, source: DIAGNOSTIC_SOURCE, message });
      },
    };
    rule.check(context);
  }
  return diagnostics;
}
