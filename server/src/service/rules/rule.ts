import type { Settings } from '../settings';
import type { SectionNode, TextSpan, UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

/** A text replacement, by offset into the document. */
export interface TextChange {
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
}

/** A quick fix: a title for the menu and the changes it makes. */
export interface Fix {
  readonly title: string;
  readonly changes: readonly TextChange[];
  /** The one obvious fix, applied by "fix all" and `systemd-units lint --fix`. */
  readonly preferred?: boolean;
}

/** Another place a finding involves, shown as related information. */
export interface Related {
  readonly span: TextSpan;
  readonly message: string;
}

export interface ReportOptions {
  readonly fixes?: readonly Fix[];
  readonly related?: readonly Related[];
  /** Report under this code instead of the rule's own (for rules that find several kinds of problem). */
  readonly code?: string;
  readonly severity?: SeverityName;
}

/** An ordering cycle through the unit of the file being checked (see workspace/dependencies.ts). */
export interface OrderingCycleFact {
  /** The units in order, each ordered after the next; the first is repeated at the end. */
  readonly units: readonly string[];
  /** Where in this file the first step is written (an After= or Before= word). */
  readonly span: TextSpan;
}

/** What the workspace index knows beyond the file; each part is absent when the index cannot answer it reliably. */
export interface WorkspaceFacts {
  /** Whether a unit can be found in the index, among systemd's own units or on the machine. */
  readonly unitExists?: (name: string) => boolean;
  /** The ordering cycles that run through this file's unit, found among the units of the index. */
  readonly orderingCycles?: () => readonly OrderingCycleFact[];
}

export interface RuleContext {
  readonly file: UnitFileNode;
  readonly kind: UnitFileKind;
  readonly settings: Settings;
  /** The sections systemd reads in this file; any unit section when the unit type is not known. */
  readonly sections: ReadonlySet<string>;
  /** Whether systemd skips this section and everything in it (an `X-` section, or one it does not know here). */
  isIgnoredSection(name: string): boolean;
  /** The sections systemd reads, in document order (skipped ones left out). */
  readSections(): readonly SectionNode[];
  /** What the workspace index knows, when there is one (the editor's server, not `systemd-units lint`). */
  readonly workspace?: WorkspaceFacts | undefined;
  report(span: TextSpan, message: string, options?: ReportOptions): void;
}

/** A diagnostic rule: a stable kebab-case code, its default severity and the check that finds it. */
export interface Rule {
  readonly code: string;
  readonly severity: SeverityName;
  /** One line saying what the rule finds, for rule listings (SARIF, docs). */
  readonly title: string;
  /** Further codes the rule reports through ReportOptions.code, with their severities and titles. */
  readonly extraCodes?: readonly { readonly code: string; readonly severity: SeverityName; readonly title: string }[];
  check(context: RuleContext): void;
}
