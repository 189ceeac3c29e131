import * as l10n from '@vscode/l10n';
import { assessService, formatExposure, SYSCALL_DATA_SOURCE, type CheckResult, type SecurityReport } from '../security';
import type { UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';

/** The exposure of a service file, or undefined for any other file (drop-ins included: they are not a whole unit). */
export function assessDocument(file: UnitFileNode, kind: UnitFileKind): SecurityReport | undefined {
  if (kind.dropIn) return undefined;
  const isService =
    kind.unitType === 'service' ||
    (kind.unitType === undefined && file.sections.some((section) => section.header.name === 'Service'));
  if (!isService) return undefined;
  return assessService({
    unitName: kind.unitName ?? 'unit.service',
    files: [file],
    scope: kind.userUnit ? 'user' : 'system',
  });
}

/** A table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function code(text: string): string {
  return `\`${cell(text)}\``;
}

const MARK: Record<CheckResult['state'], string> = { pass: '✓', fail: '✗', partial: '◐', 'not-applicable': '–' };

function openFirst(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => b.exposure - a.exposure || a.check.id.localeCompare(b.check.id));
}

/** A Markdown page with the overall score, each open check and the setting that closes it, then the rest. */
export function securityReportMarkdown(report: SecurityReport): string {
  const open = openFirst(report.checks.filter((r) => r.state === 'fail' || r.state === 'partial'));
  const passing = report.checks.filter((r) => r.state === 'pass');
  const notApplicable = report.checks.filter((r) => r.state === 'not-applicable');
  const lines: string[] = [];
  lines.push(`# ${l10n.t('Hardening report for {0}', report.unitName)}`, '');
  lines.push(
    `**${l10n.t('Exposure {0} {1}', formatExposure(report.exposure), report.label)}** — ` +
      l10n.t('{0} of {1} checks open.', open.length, report.checks.length),
    '',
    l10n.t(
      'The score runs from 0.0 (tightly sandboxed) to 10.0 (nothing restricted). It is worked out from this file ' +
        'alone, the way `systemd-analyze security --offline=yes` of systemd 252 does it; drop-ins are not read.',
    ),
    '',
  );
  for (const error of report.sandbox.loadErrors) {
    lines.push(`> ${l10n.t('systemd would refuse to load this unit: {0}', error)}`, '');
  }
  if (open.length > 0) {
    lines.push(`## ${l10n.t('Open checks')}`, '');
    lines.push(
      l10n.t(
        'Each row says what the service may do today and the setting that closes the gap. The exposure column ' +
          'is what the check adds to the overall score. Add settings one at a time and test the service: a ' +
          'restriction it needs will make it fail.',
      ),
      '',
    );
    lines.push(`| | ${l10n.t('Check')} | ${l10n.t('Exposure')} | ${l10n.t('Now')} | ${l10n.t('Setting to add')} |`);
    lines.push('|---|---|---:|---|---|');
    for (const result of open) {
      lines.push(
        `| ${MARK[result.state]} | ${code(result.check.id)} | ${formatExposure(result.exposure)} | ` +
          `${cell(result.description)} | ${code(result.check.fix)} |`,
      );
    }
    lines.push('');
  }
  if (passing.length > 0) {
    lines.push(`## ${l10n.t('Checks that pass')}`, '');
    lines.push(`| | ${l10n.t('Check')} | ${l10n.t('Now')} |`, '|---|---|---|');
    for (const result of passing)
      lines.push(`| ${MARK.pass} | ${code(result.check.id)} | ${cell(result.description)} |`);
    lines.push('');
  }
  if (notApplicable.length > 0) {
    lines.push(`## ${l10n.t('Checks that do not apply')}`, '');
    lines.push(`| | ${l10n.t('Check')} | ${l10n.t('Why')} |`, '|---|---|---|');
    for (const result of notApplicable)
      lines.push(`| ${MARK['not-applicable']} | ${code(result.check.id)} | ${cell(result.description)} |`);
    lines.push('');
  }
  lines.push(
    '---',
    '',
    l10n.t(
      'The code action "Harden this service" (in the [Service] section) adds a block of settings chosen so that ' +
        'the service keeps working. System call groups as on {0}.',
      SYSCALL_DATA_SOURCE,
    ),
    '',
  );
  return lines.join('\n');
}
