import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { ALL_SECTIONS, sectionsOf } from '../catalog/unitTypes';
import {
  RULES,
  type Fix,
  type Related,
  type Rule,
  type RuleContext,
  type SeverityName,
  type WorkspaceFacts,
} from '../rules';
import type { Settings } from '../settings';
import { topLevelNodes, type SectionNode, type TextSpan, type UnitFileNode } from '../syntax';
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
  const nul = text.indexOf('\0');
  if (nul >= 0 && nul < BINARY_PROBE_LENGTH) {
    return fileDiagnostic(
      'binary-file',
      DiagnosticSeverity.Warning,
      l10n.t('This file contains NUL bytes, so it looks binary rather than a unit file; it was not analysed.'),
    );
  }
  return undefined;
}

/** The most characters of a quoted value a message shows. */
const QUOTED_MAX = 80;

/**
 * Messages quote the text they are about, which can be a whole value of a megabyte: a quoted span longer than
 * QUOTED_MAX (between backticks or double quotes) keeps its start and an ellipsis.
 */
export function elideLongQuotes(message: string): string {
  if (message.length <= 2 * QUOTED_MAX) return message;
  let result = '';
  let copied = 0;
  let open = -1;
  // From quote to quote: a regular expression finds the next one far faster than a loop over every character.
  const quote = /[`"]/g;
  for (let match = quote.exec(message); match; match = quote.exec(message)) {
    const i = match.index;
    const c = message[i];
    if (open < 0) open = i;
    else if (message[open] === c) {
      if (i - open - 1 > QUOTED_MAX) {
        result += message.slice(copied, open + 1 + QUOTED_MAX - 1) + '…';
        copied = i;
      }
      open = -1;
    }
  }
  const shorter = copied === 0 ? message : result + message.slice(copied);
  // A value shown without quotes (Where=…) is cut with the rest of the message.
  return shorter.length > MESSAGE_MAX ? `${shorter.slice(0, MESSAGE_MAX - 1)}…` : shorter;
}

/** The longest message, whatever it quotes. */
const MESSAGE_MAX = 1000;

/** A rule's finding, before it becomes an LSP diagnostic: offsets, fixes and related places. */
export interface Finding {
  readonly code: string;
  readonly severity: SeverityName;
  readonly message: string;
  readonly span: TextSpan;
  readonly fixes: readonly Fix[];
  readonly related: readonly Related[];
}

const SUPPRESSION = /^[#;]\s*systemd-units:\s*(disable|disable-next-line)=([A-Za-z0-9,-]+)\s*$/;

interface Suppression {
  readonly codes: ReadonlySet<string>;
  readonly from: number;
  readonly to: number;
}

/**
 * `# systemd-units: disable=CODE[,CODE]` silences codes from that line to the end of the file;
 * `# systemd-units: disable-next-line=CODE` silences them on the line that follows. `all` means every code.
 */
function suppressions(file: UnitFileNode): Suppression[] {
  const found: Suppression[] = [];
  if (!file.text.includes('systemd-units:')) return found;
  const nodes = [...topLevelNodes(file)];
  nodes.forEach((node, index) => {
    if (node.kind !== 'comment') return;
    const match = SUPPRESSION.exec(file.text.slice(node.textSpan.offset, node.textSpan.offset + node.textSpan.length));
    if (!match) return;
    const codes = new Set(match[2]!.split(',').filter((code) => code.length > 0));
    if (match[1] === 'disable') {
      found.push({ codes, from: node.offset, to: file.text.length });
      return;
    }
    const next = nodes.slice(index + 1).find((candidate) => candidate.kind !== 'comment');
    if (next) found.push({ codes, from: next.offset, to: next.offset + next.length });
  });
  return found;
}

/** The sections systemd reads for each unit type (and for a file of unknown type), built once. */
const SECTIONS_BY_TYPE = new Map<string | undefined, ReadonlySet<string>>();

function readableSections(kind: UnitFileKind): ReadonlySet<string> {
  let sections = SECTIONS_BY_TYPE.get(kind.unitType);
  if (!sections) {
    sections = new Set(kind.unitType ? sectionsOf(kind.unitType) : ALL_SECTIONS);
    SECTIONS_BY_TYPE.set(kind.unitType, sections);
  }
  return sections;
}

/** What still counts in a file systemd refuses for a line too long. */
const REFUSING_RULES: ReadonlySet<string> = new Set(['line-too-long']);

/**
 * The findings of the last run over each tree. An editor asks for code actions at every cursor move, on the same
 * version; the tree is parsed anew for each version, so it is a safe key, and the settings object, the rules and the
 * kind of file tell one question from another.
 */
const FINDINGS = new WeakMap<
  UnitFileNode,
  {
    kind: UnitFileKind;
    settings: Settings;
    rules: readonly Rule[];
    workspace: WorkspaceFacts | undefined;
    findings: readonly Finding[];
  }
>();

function sameKind(a: UnitFileKind, b: UnitFileKind): boolean {
  return a.unitType === b.unitType && a.dropIn === b.dropIn && a.unitName === b.unitName && a.userUnit === b.userUnit;
}

/** Runs the rules over a parsed file: severity overrides, suppression comments and the problem limit applied. */
export function collectFindings(
  file: UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
  rules: readonly Rule[] = RULES,
  workspace?: WorkspaceFacts,
): readonly Finding[] {
  const cached = FINDINGS.get(file);
  if (
    cached &&
    cached.settings === settings &&
    cached.rules === rules &&
    cached.workspace === workspace &&
    sameKind(cached.kind, kind)
  ) {
    return cached.findings;
  }
  const findings = runRules(file, kind, settings, rules, workspace);
  FINDINGS.set(file, { kind, settings, rules, workspace, findings });
  return findings;
}

function runRules(
  file: UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
  every: readonly Rule[],
  workspace: WorkspaceFacts | undefined,
): Finding[] {
  // systemd refuses a file with a line longer than it reads, before it looks at anything else in it; so do we.
  const rules = file.overlongLines.length > 0 ? every.filter((rule) => REFUSING_RULES.has(rule.code)) : every;
  const sections = readableSections(kind);
  const isIgnoredSection = (name: string) => name.startsWith('X-') || !sections.has(name);
  const silenced = suppressions(file);
  const findings: Finding[] = [];
  const limit = settings.diagnostics.maxNumberOfProblems;
  const overrides = settings.diagnostics.severity;
  let readSections: readonly SectionNode[] | undefined;
  // One context serves every rule (the rule being run is a variable): rules run on every keystroke, so the
  // validation of a file allocates as little as it can.
  let rule: Rule = rules[0]!;
  const context: RuleContext = {
    file,
    kind,
    settings,
    sections,
    isIgnoredSection,
    workspace,
    readSections: () => (readSections ??= file.sections.filter((section) => !isIgnoredSection(section.header.name))),
    report(span, message, options) {
      if (findings.length >= limit) return;
      const code = options?.code ?? rule.code;
      const setting = overrides[code];
      if (setting === 'off') return;
      if (
        silenced.length > 0 &&
        silenced.some((s) => (s.codes.has(code) || s.codes.has('all')) && span.offset >= s.from && span.offset < s.to)
      ) {
        return;
      }
      findings.push({
        code,
        severity:
          setting ??
          options?.severity ??
          rule.extraCodes?.find((extra) => extra.code === code)?.severity ??
          rule.severity,
        message: elideLongQuotes(message),
        span,
        fixes: options?.fixes ?? NONE,
        related: options?.related ?? NONE,
      });
    },
  };
  for (rule of rules) rule.check(context);
  return findings;
}

const NONE: readonly never[] = [];

/** Runs every rule over a parsed file and returns LSP diagnostics. */
export function validate(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
  rules: readonly Rule[] = RULES,
  workspace?: WorkspaceFacts,
): Diagnostic[] {
  return toDiagnostics(document, collectFindings(file, kind, settings, rules, workspace));
}

/** LSP diagnostics for findings, in the same order. */
export function toDiagnostics(document: TextDocument, findings: readonly Finding[]): Diagnostic[] {
  const toRange = (span: TextSpan) => ({
    start: document.positionAt(span.offset),
    end: document.positionAt(span.offset + span.length),
  });
  return findings.map((finding) => {
    const diagnostic: Diagnostic = {
      range: toRange(finding.span),
      severity: SEVERITY[finding.severity],
      code: finding.code,
      source: DIAGNOSTIC_SOURCE,
      message: finding.message,
    };
    if (finding.related.length > 0) {
      diagnostic.relatedInformation = finding.related.map((related) => ({
        location: { uri: document.uri, range: toRange(related.span) },
        message: related.message,
      }));
    }
    return diagnostic;
  });
}
