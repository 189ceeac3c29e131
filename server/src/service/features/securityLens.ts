import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens } from 'vscode-languageserver-types';
import { formatExposure } from '../security';
import type { UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import { assessDocument } from './securityReport';

/** The client command the lens runs: it asks the server for the report and shows it. */
export const SHOW_SECURITY_REPORT_COMMAND = 'systemdUnits.showSecurityReport';

/** A lens over the [Service] header with the exposure score; clicking it opens the full report. */
export function getSecurityLenses(document: TextDocument, file: UnitFileNode, kind: UnitFileKind): CodeLens[] {
  const report = assessDocument(file, kind);
  if (!report) return [];
  const header = file.sections.find((section) => section.header.name === 'Service')?.header;
  if (!header) return [];
  const title =
    report.openChecks === 1
      ? l10n.t('Exposure {0} {1} — 1 check open', formatExposure(report.exposure), report.label)
      : l10n.t('Exposure {0} {1} — {2} checks open', formatExposure(report.exposure), report.label, report.openChecks);
  const start = document.positionAt(header.contentSpan.offset);
  const end = document.positionAt(header.contentSpan.offset + header.contentSpan.length);
  return [
    { range: { start, end }, command: { title, command: SHOW_SECURITY_REPORT_COMMAND, arguments: [document.uri] } },
  ];
}
