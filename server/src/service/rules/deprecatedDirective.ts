import * as l10n from '@vscode/l10n';
import { findDirective, type Directive } from '../catalog';
import type { AssignmentNode, UnitFileNode } from '../syntax';
import { addToSection, linesOf, removeLines } from './edits';
import type { Fix, Rule, SeverityName } from './rule';

/**
 * Settings systemd ignores now whose successor reads the value the same way, so the rename is safe. Others (such as
 * CPUShares= and CPUWeight=) count on a different scale: their fix is offered but never applied on its own.
 */
const SAME_VALUE_SUCCESSOR: ReadonlySet<string> = new Set([
  'MemoryLimit',
  'BlockIOAccounting',
  'BlockIOReadBandwidth',
  'BlockIOWriteBandwidth',
]);

/** The cgroup-v1 settings systemd 252 still honoured but already warned about ("will be removed soon"). */
const WARNED_BEFORE_REMOVAL: ReadonlySet<string> = new Set([
  'BlockIODeviceWeight',
  'BlockIOReadBandwidth',
  'BlockIOWriteBandwidth',
  'CPUShares',
  'MemoryLimit',
  'StartupCPUShares',
]);

function renameFix(
  file: UnitFileNode,
  entry: AssignmentNode,
  section: string,
  replacement: string,
  sections: ReadonlySet<string>,
  safe: boolean,
): Fix | undefined {
  const title = safe
    ? l10n.t('Replace with {0}=', replacement)
    : l10n.t('Replace with {0}= (check the value: it is read differently)', replacement);
  // Where the successor is this same name, kept here only for compatibility, renaming in place changes nothing.
  const here = findDirective(section, replacement);
  if (here && !here.deprecated) {
    return {
      title,
      changes: [{ offset: entry.keySpan.offset, length: entry.keySpan.length, newText: replacement }],
      preferred: safe,
    };
  }
  const home = [...sections].find((s) => s !== section && findDirective(s, replacement)?.deprecated === false);
  // A line continued into the end of the file would, moved up, continue into the line after it.
  if (!home || entry.continuedAtEndOfFile) return undefined;
  const line = linesOf(file, entry);
  const renamed = replacement + line.slice(entry.keySpan.offset - entry.offset + entry.keySpan.length);
  return {
    title: l10n.t('Move to [{0}] as {1}=', home, replacement),
    changes: [removeLines(entry), addToSection(file, home, renamed)],
    preferred: safe,
  };
}

function assess(
  directive: Directive,
  section: string,
  version: number | 'latest',
): { severity: SeverityName; message: string } {
  const name = directive.name;
  if (directive.replacement === name) {
    const home = findDirective('Unit', name) ? 'Unit' : undefined;
    return {
      severity: 'information',
      message: home
        ? l10n.t('systemd still reads {0}= in [{1}] for compatibility, but it belongs in [{2}].', name, section, home)
        : l10n.t('systemd still reads {0}= in [{1}] only for compatibility.', name, section),
    };
  }
  const instead = directive.replacement ? ' ' + l10n.t('Use {0}= instead.', directive.replacement) : '';
  if (directive.parser === 'config_parse_warn_compat') {
    if (directive.ignoredSince !== null && version !== 'latest' && version < directive.ignoredSince) {
      return {
        severity: WARNED_BEFORE_REMOVAL.has(name) ? 'warning' : 'information',
        message: l10n.t('{0}= is deprecated; newer systemd releases ignore it.', name) + instead,
      };
    }
    return { severity: 'warning', message: l10n.t('systemd no longer supports {0}= and ignores it.', name) + instead };
  }
  if (directive.parser === 'config_parse_obsolete_unit_deps') {
    return {
      severity: 'warning',
      message: l10n.t(
        '{0}= is obsolete: systemd reads it as {1}= and logs a warning.',
        name,
        directive.replacement ?? '?',
      ),
    };
  }
  return {
    severity: 'information',
    message: l10n.t('{0}= is an old name that systemd still accepts.', name) + instead,
  };
}

/** Deprecated and compatibility-only directives, with their successor. */
export const deprecatedDirective: Rule = {
  code: 'deprecated-directive',
  severity: 'warning',
  title: 'A deprecated directive, with the one that replaces it',
  check({ file, settings, sections, readSections, report }) {
    for (const section of readSections()) {
      for (const entry of section.entries) {
        if (entry.kind !== 'assignment') continue;
        const directive = findDirective(section.header.name, entry.key);
        if (!directive?.deprecated) continue;
        const { severity, message } = assess(directive, section.header.name, settings.systemdVersion);
        const fixes: Fix[] = [];
        if (directive.replacement) {
          const safe = directive.parser !== 'config_parse_warn_compat' || SAME_VALUE_SUCCESSOR.has(directive.name);
          const fix = renameFix(file, entry, section.header.name, directive.replacement, sections, safe);
          if (fix) fixes.push(fix);
        } else if (directive.parser === 'config_parse_warn_compat') {
          fixes.push({ title: l10n.t('Remove {0}=', entry.key), changes: [removeLines(entry)], preferred: true });
        }
        report(entry.keySpan, message, { severity, fixes });
      }
    }
  },
};
