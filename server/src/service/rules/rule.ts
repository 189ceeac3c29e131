import type { TextSpan, UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export interface RuleContext {
  readonly file: UnitFileNode;
  readonly kind: UnitFileKind;
  /** The sections systemd reads in this file; any section when the unit type is not known. */
  readonly sections: ReadonlySet<string>;
  /** Whether systemd skips this section and everything in it (an `X-` section, or one it does not know here). */
  isIgnoredSection(name: string): boolean;
  report(span: TextSpan, message: string): void;
}

/** A diagnostic rule: a stable kebab-case code, its default severity and the check that finds it. */
export interface Rule {
  readonly code: string;
  readonly severity: SeverityName;
  /** One line saying what the rule finds, for rule listings (SARIF, docs). */
  readonly title: string;
  check(context: RuleContext): void;
}
