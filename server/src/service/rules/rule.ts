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
